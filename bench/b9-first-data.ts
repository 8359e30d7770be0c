// B9: first data painted after navigation, in Chromium, against the production build: the
// overview, the queues page and a domain drill-down, with the demo fleet (issue 11: three small
// simulated nodes, as `npm run demo`) and with a 100k-queue node (issue 16). "First
// data painted" = the first animation frame (rAF runs right before a paint) in which the page's
// element holding a number from the API is in the DOM, measured from navigation start
// (performance.now() is relative to it). Baseline of the same navigations: the HTML response's
// first byte (PerformanceNavigationTiming.responseStart): what a page can paint at the earliest.
import type { Page } from '@playwright/test';
import { fmt, median, ratioResult, type BenchResult } from './lib/result';
import { startBrowserBench } from './lib/browser-session';

const NAVIGATIONS = 7;

/** An element whose text holds a digit only once the API's data is rendered. */
const PAGES = [
  { id: 'overview', path: () => '/', selector: '[data-testid=kpi-queued]' },
  { id: 'queues', path: () => '/queues', selector: '[data-testid=queue-count]' },
  { id: 'drill-down', path: (domain: string) => `/domains/${encodeURIComponent(domain)}`, selector: '[data-testid=domain-totals]' },
] as const;

// Runs in every document from its start: watch frame by frame for the page's data element.
const WATCH = `(() => {
  const sel = sessionStorage.getItem('b9-selector');
  if (!sel) return;
  const check = () => {
    const el = document.querySelector(sel);
    if (el && /\\d/.test(el.textContent || '')) window.__b9FirstData = performance.now();
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();`;

async function navigate(page: Page, path: string): Promise<{ data: number; html: number }> {
  await page.goto(path, { waitUntil: 'commit' });
  await page.waitForFunction(() => (window as unknown as { __b9FirstData?: number }).__b9FirstData !== undefined, null, { timeout: 60_000, polling: 50 });
  return page.evaluate(() => ({
    data: (window as unknown as { __b9FirstData: number }).__b9FirstData,
    html: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).responseStart,
  }));
}

/** Both fleets: issue 11's demo fleet, and issue 16's 100k-queue node. */
const FLEETS = [
  { id: 'demo', label: 'demo fleet (3 simulated nodes, ~400 queues each)', queues: 0, nodes: 3 },
  { id: '100k', label: '100k queues', queues: 100_000, nodes: 1 },
] as const;

export async function b9(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const fleet of FLEETS) results.push(...(await b9On(fleet)));
  return results;
}

async function b9On(fleet: (typeof FLEETS)[number]): Promise<BenchResult[]> {
  const bench = await startBrowserBench(fleet.queues, fleet.nodes);
  try {
    const overview = (await (await fetch(`${bench.server.url}/api/overview`, { headers: { cookie: bench.cookie } })).json()) as {
      topDomains: { domain: string }[];
    };
    const domain = overview.topDomains[0]?.domain;
    if (!domain) throw new Error('the overview lists no domain to drill into');
    const context = await bench.context();
    await context.addInitScript({ content: WATCH });
    const page = await context.newPage();
    // Warm-up (first compile of each route's server code, cold caches of the browser).
    await page.goto('/', { waitUntil: 'load' });
    const results: BenchResult[] = [];
    for (const p of PAGES) {
      await page.evaluate((sel) => sessionStorage.setItem('b9-selector', sel), p.selector);
      await navigate(page, p.path(domain));
      const runs: { data: number; html: number }[] = [];
      for (let i = 0; i < NAVIGATIONS; i++) runs.push(await navigate(page, p.path(domain)));
      const data = median(runs.map((r) => r.data));
      const html = median(runs.map((r) => r.html));
      results.push(
        ratioResult({
          id: `B9-${fleet.id}-${p.id}`,
          name: `${p.id === 'drill-down' ? `drill-down (${domain})` : `${p.id} page`}, ${fleet.label}: navigation → first data painted`,
          figure: data,
          unit: 'ms median',
          baseline: { name: 'HTML first byte, median', value: html, unit: 'ms' },
          target: '≤ 300 ms',
          limit: 300,
          notes: [
            `${NAVIGATIONS} navigations: ${runs.map((r) => fmt(r.data, 0)).join(', ')} ms to data (${runs.map((r) => fmt(r.html, 0)).join(', ')} ms to the HTML's first byte); ${fmt(data / html, 2)}× baseline`,
          ],
        }),
      );
    }
    return results;
  } finally {
    await bench.stop();
  }
}
