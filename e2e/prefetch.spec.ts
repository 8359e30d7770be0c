import { expect, test, type Page } from '@playwright/test';
import type { QueuesResponse } from '@/lib/api/responses';
import { api, login } from './helpers';

// Pages arrive with their data: the server renders the first numbers into the HTML (the API's
// route handlers called in-process, lib/query/server.ts), and the browser's queries hydrate
// from it under the same keys instead of asking again.

/** The server-rendered HTML of a page, with the signed-in page's cookies. */
async function html(page: Page, path: string): Promise<string> {
  const res = await page.request.get(path, { headers: { accept: 'text/html' } });
  expect(res.status(), path).toBe(200);
  return res.text();
}

/** The text inside the element with this test id in raw HTML (tags stripped; no nested `tag`). */
function testIdText(doc: string, id: string, tag: 'div' | 'strong' = 'div'): string | null {
  const m = new RegExp(`data-testid="${id}"[^>]*>([\\s\\S]*?)</${tag}>`).exec(doc);
  return m ? m[1]!.replace(/<[^>]+>/g, '').replace(/<!-- -->/g, '') : null;
}

test('overview, queues and drill-down HTML already hold the API numbers', async ({ page }) => {
  await login(page, 'viewer');
  const overview = await html(page, '/');
  expect(testIdText(overview, 'kpi-queued')).toMatch(/^\d[\d,]*$/);
  expect(overview).toContain('data-testid="node-row-pmta1"');
  expect(overview).not.toContain('Loading the fleet overview');

  // The view in the URL is parsed on the server as on the client: the count is the API's for that view.
  const view = 'q=gmail&node=pmta2&sort=domain&dir=desc';
  const queues = await html(page, `/queues?${view}`);
  const total = (await api<QueuesResponse>(page, `/api/queues?${view}&limit=1`)).total;
  expect(total).toBeGreaterThan(0);
  expect(testIdText(queues, 'queue-count', 'strong')).toBe(String(total));
  expect(queues).toContain('data-testid="queue-row"'); // the first rows too, not only the count

  const domain = await html(page, '/domains/gmail.com');
  expect(testIdText(domain, 'domain-totals')).toMatch(/\d+ queues/);
});

test('hydrated pages make no request for data they arrived with, and hydrate without errors', async ({ page }) => {
  await login(page, 'viewer');
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  for (const [path, apis] of [
    ['/', ['/api/overview']],
    ['/queues?q=yahoo&sort=name&dir=asc', ['/api/queues']],
    // The history and drain ETA are prefetched with the page, like its queues.
    ['/domains/gmail.com?period=6h', ['/api/domains/', '/api/history/domain', '/api/history/drain']],
    ['/vmtas', ['/api/vmtas']],
    ['/backoff', ['/api/backoff']],
    ['/bounces?range=24h', ['/api/bounces']],
    ['/audit?user=operator', ['/api/audit']],
    ['/sources?range=24h', ['/api/sources']],
    ['/jobs', ['/api/jobs']],
  ] as const) {
    const asked: string[] = [];
    const onRequest = (r: { url: () => string }) => {
      if ([...apis, '/api/nodes'].some((a) => r.url().includes(a))) asked.push(r.url());
    };
    page.on('request', onRequest);
    await page.goto(path);
    await page.waitForLoadState('load');
    // Well under the 5 s refresh interval: only a hydration miss would ask this early.
    await page.waitForTimeout(2_000);
    page.off('request', onRequest);
    expect(asked, `${path}: requests right after load`).toEqual([]);
  }
  expect(errors.filter((e) => /hydrat|did not match|Minified React error/i.test(e))).toEqual([]);
});
