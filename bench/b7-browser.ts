// B7: the queues page with 100k queues in Chromium (Debian's, never a downloaded one): time
// from a sort click, and from a filter's request, to the re-rendered rows; and the JS the page
// transfers (compressed bytes on the wire, cold cache). Runs against the production build.
import { chromium, type Page } from '@playwright/test';
import { fmt, median, ratioResult, type BenchResult } from './lib/result';
import { login, startConsole } from './lib/console-server';
import { startUpstream } from './lib/upstream';

const SORTS = ['name', 'name', 'rcp', 'domain', 'domain', 'kb', 'vmta', 'rcp'];
const FILTERS = ['gmail', 'tail-0001', 'yahoo', 'vmta-3', 'outlook.com/vmta-1'];

/** Runs in the page: click, then wait (per animation frame) until the rows changed and are not dimmed. */
async function timeSort(page: Page, key: string): Promise<number> {
  return page.evaluate(async (k) => {
    const first = () => document.querySelector('[data-testid=queue-row]')?.textContent ?? null;
    const scroller = document.querySelector<HTMLElement>('[data-testid=queue-scroller]')!;
    const before = first();
    const t0 = performance.now();
    document.querySelector<HTMLButtonElement>(`[data-testid=sort-${k}]`)!.click();
    return new Promise<number>((resolve, reject) => {
      const stop = setTimeout(() => reject(new Error(`sort ${k}: rows did not change in 20 s`)), 20_000);
      const check = () => {
        const f = first();
        if (f !== null && f !== before && scroller.style.opacity !== '0.6') {
          clearTimeout(stop);
          resolve(performance.now() - t0);
        } else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
  }, key);
}

/** Type a filter; time from the page's request for it (after the input's 300 ms debounce) to the rows, and from the keystroke. */
async function timeFilter(page: Page, text: string): Promise<{ fromRequest: number; fromInput: number }> {
  return page.evaluate(async (q) => {
    const w = window as unknown as { __fetches: { url: string; t: number }[] };
    const count = () => document.querySelector('[data-testid=queue-count]')?.textContent ?? null;
    const scroller = document.querySelector<HTMLElement>('[data-testid=queue-scroller]')!;
    const input = document.querySelector<HTMLInputElement>('[data-testid=filter-text]')!;
    const before = count();
    const t0 = performance.now();
    // React's controlled input: set the value through the native setter, then dispatch input.
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, q);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const wanted = `q=${encodeURIComponent(q)}`;
    return new Promise<{ fromRequest: number; fromInput: number }>((resolve, reject) => {
      const stop = setTimeout(() => reject(new Error(`filter ${q}: rows did not change in 20 s`)), 20_000);
      const check = () => {
        const req = w.__fetches.find((f) => f.t >= t0 && f.url.includes('/api/queues?') && f.url.includes(wanted));
        if (req && count() !== before && scroller.style.opacity !== '0.6') {
          clearTimeout(stop);
          const now = performance.now();
          resolve({ fromRequest: now - req.t, fromInput: now - t0 });
        } else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
  }, text);
}

export async function b7(): Promise<BenchResult[]> {
  const up = await startUpstream({ mode: 'sim', nodes: 1, queues: 100_000, basePort: Number(process.env.E2E_SIM_BASE_PORT ?? 19305), tickMs: 1000 });
  const server = await startConsole(up.nodes, 5);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  try {
    const cookie = await login(server.url);
    // Wait until the console has the node's 100k queues.
    const deadline = Date.now() + 120_000;
    for (;;) {
      const r = await fetch(`${server.url}/api/queues?limit=1`, { headers: { cookie } });
      if (r.ok && ((await r.json()) as { total: number }).total >= 100_000) break;
      if (Date.now() > deadline) throw new Error('console never had 100k queues');
      await new Promise((res) => setTimeout(res, 500));
    }
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1440, height: 900 } });
    await context.addCookies(cookie.split('; ').map((c) => ({ name: c.split('=')[0]!, value: c.slice(c.indexOf('=') + 1), url: server.url })));
    await context.addInitScript(() => {
      const w = window as unknown as { __fetches: { url: string; t: number }[] };
      w.__fetches = [];
      const orig = window.fetch;
      window.fetch = (input, init) => {
        w.__fetches.push({ url: typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, t: performance.now() });
        return orig(input, init);
      };
    });
    const page = await context.newPage();
    const scripts: Promise<{ url: string; bytes: number; encoding: string }>[] = [];
    page.on('response', (res) => {
      if (res.request().resourceType() !== 'script') return;
      scripts.push(res.request().sizes().then(async (s) => ({ url: res.url(), bytes: s.responseBodySize, encoding: (await res.allHeaders())['content-encoding'] ?? 'identity' })));
    });
    const tNav = Date.now();
    await page.goto('/queues', { waitUntil: 'networkidle' });
    await page.getByTestId('queue-row').first().waitFor({ timeout: 60_000 });
    const firstRowsMs = Date.now() - tNav;
    const js = await Promise.all(scripts);
    const jsKb = js.reduce((s, x) => s + x.bytes, 0) / 1024;
    const encodings = [...new Set(js.map((x) => x.encoding))].join(', ');

    const sorts: number[] = [];
    for (const k of SORTS) sorts.push(await timeSort(page, k));
    const filters: { fromRequest: number; fromInput: number }[] = [];
    for (const f of FILTERS) filters.push(await timeFilter(page, f));
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
        notes: [`${SORTS.length} sorts (${SORTS.join(', ')}): ${sorts.map((s) => fmt(s, 0)).join(', ')} ms; first rows after navigation ${firstRowsMs} ms`],
      }),
      ratioResult({
        id: 'B7-filter',
        name: 'queues page, 100k queues: filter request → rows re-rendered',
        figure: filterMed,
        unit: 'ms median',
        target: '≤ 100 ms',
        limit: 100,
        notes: [`${FILTERS.length} filters: ${filters.map((f) => fmt(f.fromRequest, 0)).join(', ')} ms from the request; ${filters.map((f) => fmt(f.fromInput, 0)).join(', ')} ms from the keystroke (includes the input's 300 ms debounce)`],
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
    await browser.close();
    await server.stop();
    await up.stop();
  }
}
