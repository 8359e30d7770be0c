// Every page and API answer carries the security headers, and the Content Security Policy
// (nonce for Next's scripts, hash for the theme snippet) lets each main page render and
// hydrate without a single violation in Chromium's console.
import { expect, test, type ConsoleMessage } from '@playwright/test';
import { login } from './helpers';

const PAGES = ['/', '/queues', '/backoff', '/vmtas', '/bounces', '/audit', '/domains/gmail.com'];

function expectHeaders(h: Record<string, string>, what: string) {
  expect(h['x-content-type-options'], what).toBe('nosniff');
  expect(h['referrer-policy'], what).toBe('same-origin');
  expect(h['content-security-policy'], what).toContain("frame-ancestors 'none'");
}

test('security headers on pages, API answers and the login page; no CSP violation while pages hydrate', async ({ page }) => {
  const violations: string[] = [];
  const onConsole = (m: ConsoleMessage) => {
    if (/content security policy|refused to (execute|load|apply)/i.test(m.text())) violations.push(`${page.url()}: ${m.text()}`);
  };
  page.on('console', onConsole);
  page.on('pageerror', (e) => violations.push(`${page.url()}: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
  });

  const loginPage = await page.goto('/login');
  expectHeaders(loginPage!.headers(), '/login');
  await login(page, 'admin');

  for (const path of PAGES) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(200);
    const h = res!.headers();
    expectHeaders(h, path);
    expect(h['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic' 'sha256-/);
    // Hydrated: the theme snippet ran and client-side navigation is live.
    await expect(page.locator('html')).toHaveAttribute('data-theme', /^(light|dark)$/);
    await expect(page.locator('main')).toBeVisible();
    await page.waitForLoadState('networkidle');
  }
  // Client-side navigation works (React is in charge of the page).
  await page.goto('/');
  await page
    .getByRole('link', { name: /^queues$/i })
    .first()
    .click();
  await expect(page).toHaveURL(/\/queues/);

  const api = await page.request.get('/api/overview');
  expectHeaders(api.headers(), '/api/overview');
  expect(api.headers()['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(violations).toEqual([]);
});
