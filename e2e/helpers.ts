import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { E2E } from './env';

export type DemoRole = 'viewer' | 'operator' | 'admin';

/** Sign in through the login page as one of the demo users (password `<role>-demo`). */
export async function login(page: Page, role: DemoRole = 'viewer', next = '/'): Promise<void> {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Username').fill(role);
  await page.getByLabel('Password').fill(`${role}-demo`);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** Call the console's API with the page's session. */
export async function api<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(path);
  expect(res.ok(), `${path} → ${res.status()}`).toBe(true);
  return (await res.json()) as T;
}

/** Drive the simulator's control endpoints (node index 0-based). */
export async function sim(request: APIRequestContext, node: number, action: string, params: Record<string, string | number> = {}) {
  const qs = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  const res = await request.post(`${E2E.simURL(node)}/_sim/${action}?${qs}`);
  expect(res.ok(), `sim ${action} → ${res.status()} ${await res.text()}`).toBe(true);
  return res.json();
}

/** "1,234" → 1234 */
export const parseNum = (s: string | null) => Number((s ?? '').replace(/[^0-9.-]/g, ''));
