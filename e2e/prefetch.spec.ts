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

/** Each page with the reads it arrives with (a request for one of them right after load is a hydration miss). */
const PREFETCHED = [
  ['/', ['/api/overview']],
  // Visited for its hydration (its silences and the nav badge load in the browser).
  ['/alerts', []],
  ['/queues?q=yahoo&sort=name&dir=asc', ['/api/queues']],
  // The history and drain ETA are prefetched with the page, like its queues.
  ['/domains/gmail.com?period=6h', ['/api/domains/', '/api/history/domain', '/api/history/drain']],
  ['/vmtas', ['/api/vmtas']],
  ['/backoff', ['/api/backoff']],
  ['/bounces?range=24h', ['/api/bounces']],
  ['/audit?user=operator', ['/api/audit']],
  ['/sources?range=24h', ['/api/sources']],
  ['/jobs', ['/api/jobs']],
] as const;
const PAGES = PREFETCHED.map(([path]) => path);

/** Hydration errors the page reports from now on (React's, minified in the production build). */
function hydrationErrors(page: Page): string[] {
  const errors: string[] = [];
  const keep = (e: string) => /hydrat|did not match|Minified React error/i.test(e) && errors.push(e);
  page.on('console', (m) => m.type() === 'error' && keep(m.text()));
  page.on('pageerror', (e) => keep(e.message));
  return errors;
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
  const errors = hydrationErrors(page);
  for (const [path, apis] of PREFETCHED) {
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
  expect(errors).toEqual([]);
});

test('pages hydrate without errors on a slow CPU, while the fleet changes and the feed pushes', async ({ page }) => {
  test.setTimeout(120_000);
  await login(page, 'viewer');
  // A slow CPU, as on a loaded machine: hydration then takes long enough for anything that
  // renders differently in the browser (its clock, its storage, an answer pushed before a
  // boundary hydrated) to show as a hydration error.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
  const errors = hydrationErrors(page);
  for (const path of PAGES) {
    await page.goto(path);
    await page.waitForLoadState('load');
    await page.waitForTimeout(1_500); // the fleet polls every 2 s: the feed pushes meanwhile
  }
  expect(errors).toEqual([]);
});
