import { expect, test } from '@playwright/test';
import { login } from './helpers';

// The API boundary in the real build, where Next bundles route chunks separately: errors thrown
// by domain code must still become 400s (matched by their code, not `instanceof`), and a path
// segment Next cannot decode must not become a 500.
test.describe('API boundary in the built console', () => {
  test.beforeEach(async ({ page }) => login(page, 'viewer'));

  test('a per-domain metric without domain is a 400 in the one error shape', async ({ page }) => {
    const res = await page.request.get('/api/history?metric=domain.delivered');
    expect(res.status()).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'bad_request', message: 'domain: required for this metric', status: 400 } });
  });

  test('a malformed percent-encoding in a path is a 400, and the domain page says so', async ({ page }) => {
    const res = await page.request.get('/api/domains/%E0%A4%A');
    expect(res.status()).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'bad_request', message: 'path: malformed percent-encoding', status: 400 } });
    const ok = await page.request.get('/api/domains/gmail.com');
    expect(ok.status()).toBe(200);
    const nav = await page.goto('/domains/%E0%A4%A');
    expect(nav?.status()).toBe(400);
    await expect(page.getByText(/malformed %-escape/)).toBeVisible();
    // A well-formed address that is not a domain is the page's not-found.
    expect((await page.goto('/domains/x%20y'))?.status()).toBe(404);
  });

  test('the OpenAPI document lists every route for a signed-in caller', async ({ page }) => {
    const res = await page.request.get('/api/openapi.json');
    expect(res.status()).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/overview', '/api/domains/{domain}', '/api/actions', '/api/openapi.json']));
  });
});
