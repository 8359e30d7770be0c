// Server-side sessions, as people use them: signing out ends the session on the server (a
// copied cookie is refused afterwards), and an admin ends another user's sessions from the
// Sessions page, which sends that user's open tab to the login page.
import { expect, test } from '@playwright/test';
import { E2E } from './env';
import { login } from './helpers';

test('sign-out ends the session on the server: a copy of the cookie no longer works', async ({ page, browser }) => {
  await login(page, 'viewer');
  const cookies = await page.context().cookies();
  expect(cookies.some((c) => c.name.endsWith('pmta_session'))).toBe(true);
  await page.getByRole('button', { name: /sign out/i }).click();
  await page.waitForURL(/\/login/);
  // Another browser that copied the cookie before the sign-out.
  const thief = await browser.newContext({ baseURL: E2E.baseURL });
  await thief.addCookies(cookies);
  const res = await thief.request.get('/api/auth/me');
  expect(res.status()).toBe(401);
  await thief.close();
});

test('an admin ends an operator’s sessions from the Sessions page; the operator’s tab is signed out', async ({ page, browser }) => {
  const opContext = await browser.newContext({ baseURL: E2E.baseURL });
  const op = await opContext.newPage();
  await login(op, 'operator');
  expect((await op.request.get('/api/auth/me')).status()).toBe(200);

  await login(page, 'admin', '/sessions');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sessions' })).toBeVisible();
  await expect(page.locator('[data-testid=session-row][data-user=operator]').first()).toBeVisible();
  await page.getByTestId('revoke-user-operator').click();
  await page.getByTestId('revoke-user-confirm-operator').click();
  await expect(page.locator('[data-testid=session-row][data-user=operator]')).toHaveCount(0);
  // The admin's own session is untouched (other tests' admin sessions may be listed too).
  await expect(page.locator('[data-testid=session-row][data-user=admin]').filter({ hasText: 'this session' })).toHaveCount(1);
  expect((await page.request.get('/api/auth/me')).status()).toBe(200);

  expect((await op.request.get('/api/auth/me')).status()).toBe(401);
  // The tab is sent to the login page by itself (the revocation is audited, the audit event
  // makes it refetch, and the 401 redirects it) or, at the latest, on a reload. A reload that
  // meets that redirect under way fails with "not attached": the URL check below decides.
  if (!/\/login/.test(op.url())) await op.reload().catch(() => {});
  await op.waitForURL(/\/login/);
  await opContext.close();
});

test('the Sessions page is for admins only: no link for an operator, and the page sends them away', async ({ page }) => {
  await login(page, 'operator');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sessions' })).toHaveCount(0);
  await page.goto('/sessions');
  await page.waitForURL((u) => u.pathname === '/');
  expect((await page.request.get('/api/auth/sessions')).status()).toBe(403);
});
