// B10: 1,000 signed-in browsers polling the overview and queue pages' APIs at the UI's real
// intervals (lib/query: REFRESH_MS for the fleet reads, periodRefreshMs('1h') for the charts),
// against a production build on loopback with one simulated 100k-queue node. Each client keeps
// its answers and ETags per URL and asks with If-None-Match, as the browser's HTTP cache does
// for apiFetch (cache: 'no-cache'). Baseline (same run): the same load without revalidation.
// Console CPU is the `next start` process tree's utime + stime over the measured window.
import http from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { withQuery } from '@/lib/query/fetcher';
import { REFRESH_MS } from '@/lib/query/keys';
import { historySeriesParams } from '@/lib/query/history-params';
import { periodRefreshMs } from '@/components/history/period';
import { fmt, quantile, ratioResult, type BenchResult } from './lib/result';
import { login, startConsole } from './lib/console-server';
import { startUpstream } from './lib/upstream';

const CLIENTS = Number(process.env.BENCH_B10_CLIENTS ?? 1000);
const SESSIONS = 20;
const WARM_MS = 10_000;
const MEASURE_MS = 30_000;
const SEQUENTIAL_MS = 15_000;

/** What each page polls (components/overview, components/queues, the layout's top bar and banners). */
const EVERY_PAGE = ['/api/nodes', '/api/status', withQuery('/api/alerts', { state: 'firing' })];
const OVERVIEW = ['/api/overview', ...EVERY_PAGE];
const CHARTS = [
  historySeriesParams('rate.out.rcp', '1h'),
  historySeriesParams('rate.in.rcp', '1h'),
  historySeriesParams('domain.backlog', '1h', { top: 10 }),
  historySeriesParams('node.queues.backoff', '1h'),
].map((q) => withQuery('/api/history', q));
const QUEUES = [withQuery('/api/queues', { sort: 'rcp', dir: 'desc', offset: 0, limit: 400 }), withQuery('/api/vmtas', {}), ...EVERY_PAGE];

interface Sample {
  path: string;
  ms: number;
  status: number;
}

/** CPU seconds (utime + stime) of a process and its descendants. */
function treeCpuSeconds(root: number): number {
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(d), Number(f[1]));
      ticks.set(Number(d), Number(f[11]) + Number(f[12]));
    } catch {
      // gone meanwhile
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p = pid, n = 0; p > 1 && n < 64; p = parent.get(p) ?? 0, n++) if (p === root) return true;
    return false;
  };
  let sum = 0;
  for (const [pid, t] of ticks) if (inTree(pid)) sum += t;
  return sum / 100; // USER_HZ
}

export async function b10(): Promise<BenchResult[]> {
  const up = await startUpstream({ mode: 'sim', nodes: 1, queues: 100_000, basePort: Number(process.env.E2E_SIM_BASE_PORT ?? 19305), tickMs: 1000 });
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  let server: Awaited<ReturnType<typeof startConsole>> | undefined;
  try {
    // The default poll interval (10 s) against the UI's 5 s refresh.
    server = await startConsole(up.nodes, 10);
    const base = new URL(server.url);
    const cookies: string[] = [];
    for (let i = 0; i < SESSIONS; i++) cookies.push(await login(server.url));
    console.log(`  signed in ${SESSIONS} sessions; waiting for the node's queues…`);
    // Wait until the console has the node's queues.
    for (const deadline = Date.now() + 120_000; ;) {
      const r = await fetch(`${server.url}/api/queues?limit=1`, { headers: { cookie: cookies[0]! } });
      if (r.ok && ((await r.json()) as { total: number }).total >= 100_000) break;
      if (Date.now() > deadline) throw new Error('console never had 100k queues');
      await new Promise((res) => setTimeout(res, 500));
    }

    const get = (path: string, cookie: string, etag: string | undefined): Promise<{ status: number; etag: string | undefined }> =>
      new Promise((resolve, reject) => {
        const headers: Record<string, string> = { cookie, accept: 'application/json' };
        if (etag) headers['if-none-match'] = etag;
        const req = http.request({ host: base.hostname, port: base.port, path, agent, headers }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, etag: (res.headers.etag as string | undefined) ?? etag }));
        });
        req.on('error', reject);
        req.setTimeout(30_000, () => req.destroy(new Error(`timeout on ${path}`)));
        req.end();
      });

    /** One phase: every client polls its page until `until`; samples after `from`. */
    const phase = async (revalidate: boolean) => {
      const samples: Sample[] = [];
      const errors: string[] = [];
      const t0 = Date.now();
      const from = t0 + WARM_MS;
      const until = from + MEASURE_MS;
      let cpuFrom = 0;
      const cpuTimer = setTimeout(() => (cpuFrom = treeCpuSeconds(server!.pid)), WARM_MS);
      const client = async (i: number) => {
        const cookie = cookies[i % SESSIONS]!;
        const tags = new Map<string, string>();
        const poll = async (paths: string[], every: number) => {
          // Clients open their pages spread over one interval, as real ones do.
          await new Promise((r) => setTimeout(r, Math.random() * every));
          while (Date.now() < until) {
            const started = Date.now();
            await Promise.all(
              paths.map(async (p) => {
                const t = performance.now();
                try {
                  const r = await get(p, cookie, revalidate ? tags.get(p) : undefined);
                  if (r.status !== 200 && r.status !== 304) errors.push(`${p} → ${r.status}`);
                  if (r.etag) tags.set(p, r.etag);
                  if (Date.now() >= from && Date.now() <= until) samples.push({ path: p.split('?')[0]!, ms: performance.now() - t, status: r.status });
                } catch (e) {
                  errors.push(String(e));
                }
              }),
            );
            await new Promise((r) => setTimeout(r, Math.max(0, every - (Date.now() - started))));
          }
        };
        const overview = i % 2 === 0;
        await Promise.all(overview ? [poll(OVERVIEW, REFRESH_MS), poll(CHARTS, periodRefreshMs('1h'))] : [poll(QUEUES, REFRESH_MS)]);
      };
      await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
      clearTimeout(cpuTimer);
      const cpu = treeCpuSeconds(server!.pid) - cpuFrom;
      // The last round may end after `until`: CPU is over the measured window plus that tail.
      const seconds = (Date.now() - from) / 1000;
      return { samples, errors, cores: cpu / seconds };
    };

    // One client asking every route in turn, without revalidation: what one request costs
    // through proxy, route wrapper and handler when nothing queues, and whether the event loop
    // stalls (a slow answer to /api/health is the loop, not the route).
    const sequential = new Map<string, number[]>();
    let stalls = 0;
    const every = [...new Set([...OVERVIEW, ...CHARTS, ...QUEUES])];
    for (const end = Date.now() + SEQUENTIAL_MS; Date.now() < end;) {
      for (const p of ['/api/health', ...every]) {
        const t = performance.now();
        await get(p, cookies[0]!, undefined);
        const ms = performance.now() - t;
        if (ms > 100) stalls++;
        const k = p.split('?')[0]!;
        sequential.set(k, [...(sequential.get(k) ?? []), ms]);
      }
    }
    const sequentialNote = `one sequential client, ${SEQUENTIAL_MS / 1000} s: p50 / p95 / max per route (ms): ${[...sequential]
      .map(([k, v]) => `${k} ${fmt(quantile(v, 0.5))} / ${fmt(quantile(v, 0.95))} / ${fmt(Math.max(...v), 0)}`)
      .join(', ')}; ${stalls} answers over 100 ms`;
    console.log(`  ${sequentialNote}`);

    console.log(`  ${CLIENTS} clients, ${SESSIONS} sessions: with If-None-Match…`);
    const withEtag = await phase(true);
    console.log(`  …${withEtag.samples.length} samples, ${withEtag.errors.length} errors; without…`);
    const plain = await phase(false);
    console.log(`  …${plain.samples.length} samples, ${plain.errors.length} errors`);
    const p95 = quantile(
      withEtag.samples.map((s) => s.ms),
      0.95,
    );
    const byRoute = (r: typeof withEtag) => {
      const m = new Map<string, number[]>();
      for (const s of r.samples) m.set(s.path, [...(m.get(s.path) ?? []), s.ms]);
      return [...m].map(([p, v]) => `${p} ${fmt(quantile(v, 0.95))}`).join(', ');
    };
    // Requests per second the clients' pages ask for when every answer is instant (half overview, half queues).
    const demand =
      (CLIENTS / 2) * ((OVERVIEW.length * 1000) / REFRESH_MS + (CHARTS.length * 1000) / periodRefreshMs('1h')) +
      (CLIENTS / 2) * ((QUEUES.length * 1000) / REFRESH_MS);
    const notModified = withEtag.samples.filter((s) => s.status === 304).length;
    const rate = (r: typeof withEtag) => fmt(r.samples.length / (MEASURE_MS / 1000), 0);
    const failed = withEtag.errors.length + plain.errors.length;
    const failures = failed
      ? [`${failed} failed requests (a failure fails the result), e.g. ${[...withEtag.errors, ...plain.errors].slice(0, 3).join('; ')}`]
      : [];
    const results = [
      ratioResult({
        id: 'B10',
        name: `${CLIENTS} signed-in clients polling overview + queue page APIs: p95 latency`,
        figure: p95,
        unit: 'ms p95',
        baseline: {
          name: 'same load without ETag/304 p95',
          value: quantile(
            plain.samples.map((s) => s.ms),
            0.95,
          ),
          unit: 'ms',
        },
        target: 'p95 ≤ 50 ms',
        limit: 50,
        notes: [
          `${rate(withEtag)} requests/s (the UI's intervals ask ${fmt(demand, 0)}/s), ${fmt((100 * notModified) / withEtag.samples.length, 0)} % answered 304; p95 per route (ms): ${byRoute(withEtag)}`,
          `without revalidation: ${rate(plain)} requests/s, p95 per route (ms): ${byRoute(plain)}; console CPU ${fmt(plain.cores, 2)} cores`,
          sequentialNote,
          ...failures,
        ],
      }),
      ratioResult({
        id: 'B10',
        name: `${CLIENTS} signed-in clients: console CPU (next start process tree)`,
        figure: withEtag.cores,
        unit: 'cores',
        baseline: { name: 'same load without ETag/304', value: plain.cores, unit: 'cores' },
        target: '≤ 1 core',
        limit: 1,
      }),
    ];
    return failed ? results.map((r) => ({ ...r, pass: false })) : results;
  } finally {
    agent.destroy();
    await server?.stop();
    await up.stop();
  }
}
