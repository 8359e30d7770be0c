// B7: the queues page with 100k queues in Chromium (Debian's, never a downloaded one): time
// from a sort click, and from a filter's request, to the re-rendered rows; and the JS the page
// transfers (compressed bytes on the wire, cold cache). Runs against the production build.
import type { Page } from '@playwright/test';
import { fmt, median, ratioResult, type BenchResult } from './lib/result';
import { startBrowserBench } from './lib/browser-session';

// Each (column, direction) once: the first click on a column, then its flip.
const SORTS = ['domain', 'domain', 'vmta', 'kb', 'kb', 'retryTime', 'conn', 'node'];
const FILTERS = ['gmail', 'tail-0001', 'yahoo', 'vmta-3', 'outlook.com/vmta-1'];

/**
 * Runs in the page: sort (click a header) or filter (type), then wait, frame by frame, until
 * the /api/queues request the change caused has been answered and the table is no longer
 * dimmed (it dims while it shows the previous view). Every change is to a view not seen
 * before, so nothing comes from react-query's cache. Returns ms from the action and from
 * the request (a filter's request waits for the input's 300 ms debounce).
 */
async function timeChange(page: Page, action: { sort: string } | { filter: string }): Promise<{ fromAction: number; fromRequest: number }> {
  return page.evaluate(async (a) => {
    const w = window as unknown as { __fetches: { url: string; t: number; done: number | null }[] };
    const scroller = document.querySelector<HTMLElement>('[data-testid=queue-scroller]')!;
    const t0 = performance.now();
    if ('sort' in a) {
      document.querySelector<HTMLButtonElement>(`[data-testid=sort-${a.sort}]`)!.click();
    } else {
      const input = document.querySelector<HTMLInputElement>('[data-testid=filter-text]')!;
      // A controlled React input: set the value through the native setter, then fire input.
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, a.filter);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }
    return new Promise<{ fromAction: number; fromRequest: number }>((resolve, reject) => {
      const stop = setTimeout(() => reject(new Error(`${JSON.stringify(a)}: no new rows within 30 s`)), 30_000);
      const check = () => {
        const f = w.__fetches.find((x) => x.t >= t0 && x.url.includes('/api/queues?') && x.done !== null);
        if (f && scroller.style.opacity !== '0.6') {
          clearTimeout(stop);
          const now = performance.now();
          resolve({ fromAction: now - t0, fromRequest: now - f.t });
        } else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
  }, action);
}

export async function b7(): Promise<BenchResult[]> {
  const bench = await startBrowserBench();
  try {
    const context = await bench.context();
    await context.addInitScript(() => {
      const w = window as unknown as { __fetches: { url: string; t: number; done: number | null }[] };
      w.__fetches = [];
      const orig = window.fetch;
      window.fetch = async (input, init) => {
        const entry = {
          url: typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
          t: performance.now(),
          done: null as number | null,
        };
        w.__fetches.push(entry);
        const res = await orig(input, init);
        // "Answered" = the whole body arrived (read from a clone; the app reads the original).
        void res
          .clone()
          .arrayBuffer()
          .then(() => (entry.done = performance.now()));
        return res;
      };
    });
    const page = await context.newPage();
    const scripts: Promise<{ url: string; bytes: number; encoding: string }>[] = [];
    page.on('response', (res) => {
      if (res.request().resourceType() !== 'script') return;
      scripts.push(
        res
          .request()
          .sizes()
          .then(async (s) => ({ url: res.url(), bytes: s.responseBodySize, encoding: (await res.allHeaders())['content-encoding'] ?? 'identity' })),
      );
    });
    const tNav = Date.now();
    await page.goto('/queues', { waitUntil: 'networkidle' });
    await page.getByTestId('queue-row').first().waitFor({ timeout: 60_000 });
    const firstRowsMs = Date.now() - tNav;
    const js = await Promise.all(scripts);
    const jsKb = js.reduce((s, x) => s + x.bytes, 0) / 1024;
    const encodings = [...new Set(js.map((x) => x.encoding))].join(', ');

    // Requests besides /api/queues that a view change causes (e.g. an RSC payload per URL change).
    let other = 0;
    const otherKinds = new Map<string, number>();
    const countOther = (r: { url: () => string; resourceType: () => string }) => {
      if (r.url().includes('/api/queues') || !['fetch', 'xhr'].includes(r.resourceType())) return;
      other++;
      const u = new URL(r.url());
      const path = u.pathname.split('/').length > 2 ? `/${u.pathname.split('/')[1]}/*` : u.pathname;
      const kind = u.searchParams.has('_rsc') ? `${path} (RSC payload)` : path;
      otherKinds.set(kind, (otherKinds.get(kind) ?? 0) + 1);
    };
    page.on('request', countOther);
    const sorts: number[] = [];
    for (const k of SORTS) sorts.push((await timeChange(page, { sort: k })).fromAction);
    page.off('request', countOther);
    const filters: { fromAction: number; fromRequest: number }[] = [];
    for (const f of FILTERS) filters.push(await timeChange(page, { filter: f }));
    const sortMed = median(sorts);
    const filterMed = median(filters.map((f) => f.fromRequest));
    return [
      ratioResult({
        id: 'B7-sort',
        name: 'queues page, 100k queues: click sort → rows re-rendered',
        figure: sortMed,
        unit: 'ms median',
        target: '≤ 100 ms',
        limit: 100,
        notes: [
          `${SORTS.length} sorts (${SORTS.join(', ')}): ${sorts.map((s) => fmt(s, 0)).join(', ')} ms; first rows after navigation ${firstRowsMs} ms`,
          `other fetches during the ${SORTS.length} sorts (besides /api/queues): ${other} — ${[...otherKinds].map(([k, n]) => `${k} ×${n}`).join(', ')}`,
        ],
      }),
      ratioResult({
        id: 'B7-filter',
        name: 'queues page, 100k queues: filter request → rows re-rendered',
        figure: filterMed,
        unit: 'ms median',
        target: '≤ 100 ms',
        limit: 100,
        notes: [
          `${FILTERS.length} filters: ${filters.map((f) => fmt(f.fromRequest, 0)).join(', ')} ms from the request; ${filters.map((f) => fmt(f.fromAction, 0)).join(', ')} ms from the keystroke (includes the input's 300 ms debounce)`,
        ],
      }),
      ratioResult({
        id: 'B7-js',
        name: 'queues page: JS transferred (cold cache)',
        figure: jsKb,
        unit: 'KB',
        target: '≤ 300 KB gzip',
        limit: 300,
        notes: [`${js.length} scripts, content-encoding: ${encodings}`],
      }),
    ];
  } finally {
    await bench.stop();
  }
}
