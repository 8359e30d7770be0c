// B10: 1,000 signed-in browsers polling the overview and queue pages' APIs at the UI's real
// intervals (lib/query: REFRESH_MS for the fleet reads, periodRefreshMs('1h') for the charts),
// against a production build on loopback with one simulated 100k-queue node. Each client keeps
// its answers and ETags per URL and asks with If-None-Match, as the browser's HTTP cache does
// for apiFetch (cache: 'no-cache'). Figure: what the UI does with the change feed — one
// GET /api/events stream per client, the page's queries refetched on its events (plus the
// safety interval). Baseline (same run): the same clients polling at the UI's intervals.
// Console CPU is the `next start` process tree's utime + stime over the measured window.
import http from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { withQuery } from '@/lib/query/fetcher';
import { changeKindOf, queryKeys, REFRESH_MS } from '@/lib/query/keys';
import { EVENT_SPREAD_MS, SAFETY_MS } from '@/lib/query/feed-state';
import { CHANGE_EVENT, parseChangeEvent, type ChangeKind } from '@/lib/events/kinds';
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

/** The change kind whose events refetch `path` (as keys.ts maps the query keys of its hook). */
function kindOf(path: string): ChangeKind {
  const route = path.split('?')[0]!;
  const keys = new Map<string, readonly unknown[]>([
    ['/api/overview', queryKeys.overview()],
    ['/api/nodes', queryKeys.nodes()],
    ['/api/status', queryKeys.status()],
    ['/api/alerts', queryKeys.alerts()],
    ['/api/history', queryKeys.history({})],
    ['/api/queues', queryKeys.queues({})],
    ['/api/vmtas', queryKeys.vmtas()],
  ]);
  const key = keys.get(route);
  const kind = key ? changeKindOf(key) : null;
  if (!kind) throw new Error(`B10: no change kind for ${route}`);
  return kind;
}

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

    /**
     * One SSE connection per client (GET /api/events, as lib/query/change-feed.ts holds one per
     * tab), calling `onEvent` with each change's kind until `until`.
     */
    const subscribe = (cookie: string, onEvent: (kind: ChangeKind) => void, onError: (e: string) => void) => {
      const req = http.request(
        { host: base.hostname, port: base.port, path: '/api/events', agent: false, headers: { cookie, accept: 'text/event-stream' } },
        (res) => {
          if (res.statusCode !== 200) {
            onError(`/api/events → ${res.statusCode}`);
            res.resume();
            return;
          }
          res.setEncoding('utf8');
          let buf = '';
          res.on('data', (chunk: string) => {
            buf += chunk;
            for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
              const frame = buf.slice(0, i);
              buf = buf.slice(i + 2);
              const data = frame.split('\n').find((l) => l.startsWith('data: '));
              const e = frame.includes(`event: ${CHANGE_EVENT}`) && data ? parseChangeEvent(data.slice(6)) : null;
              if (e) onEvent(e.kind);
            }
          });
          res.on('error', () => {});
        },
      );
      req.on('error', (e) => {
        if (!closed) onError(String(e));
      });
      let closed = false;
      req.end();
      return () => {
        closed = true;
        req.destroy();
      };
    };

    /**
     * One phase: every client shows its page until `until`; samples after `from`. `poll`: today's
     * UI without the feed — each query at its interval, If-None-Match from its last answer.
     * `sse`: what the UI does with the feed — one event stream per client; on an event, the
     * page's queries of that kind are asked again after a random wait of up to EVENT_SPREAD_MS,
     * each no sooner than its own interval after its last answer (lib/query/change-feed.ts), and
     * every query at least every SAFETY_MS.
     */
    const phase = async (mode: 'poll' | 'sse') => {
      const samples: Sample[] = [];
      const errors: string[] = [];
      let events = 0;
      const t0 = Date.now();
      const from = t0 + WARM_MS;
      const until = from + MEASURE_MS;
      let cpuFrom = 0;
      const cpuTimer = setTimeout(() => (cpuFrom = treeCpuSeconds(server!.pid)), WARM_MS);
      const closers: (() => void)[] = [];
      const client = async (i: number) => {
        const cookie = cookies[i % SESSIONS]!;
        const tags = new Map<string, string>();
        const ask = async (p: string) => {
          const t = performance.now();
          try {
            const r = await get(p, cookie, tags.get(p));
            if (r.status !== 200 && r.status !== 304) errors.push(`${p} → ${r.status}`);
            if (r.etag) tags.set(p, r.etag);
            if (Date.now() >= from && Date.now() <= until) samples.push({ path: p.split('?')[0]!, ms: performance.now() - t, status: r.status });
          } catch (e) {
            errors.push(String(e));
          }
        };
        const overview = i % 2 === 0;
        const page = overview
          ? [...OVERVIEW.map((p) => ({ p, every: REFRESH_MS })), ...CHARTS.map((p) => ({ p, every: periodRefreshMs('1h') }))]
          : QUEUES.map((p) => ({ p, every: REFRESH_MS }));
        // Clients open their pages spread over one interval, as real ones do.
        await new Promise((r) => setTimeout(r, Math.random() * REFRESH_MS));
        if (mode === 'poll') {
          const poll = async (paths: string[], every: number) => {
            while (Date.now() < until) {
              const started = Date.now();
              await Promise.all(paths.map(ask));
              await new Promise((r) => setTimeout(r, Math.max(0, every - (Date.now() - started))));
            }
          };
          const groups = new Map<number, string[]>();
          for (const q of page) groups.set(q.every, [...(groups.get(q.every) ?? []), q.p]);
          await Promise.all([...groups].map(([every, paths]) => poll(paths, every)));
          return;
        }
        const queries = page.map((q) => ({ ...q, kind: kindOf(q.p), last: 0, inFlight: false }));
        const refetch = async (q: (typeof queries)[number]) => {
          if (q.inFlight || Date.now() >= until) return;
          q.inFlight = true;
          await ask(q.p);
          q.last = Date.now();
          q.inFlight = false;
        };
        const later = new Map<ChangeKind, NodeJS.Timeout>();
        const onKind = (kind: ChangeKind) => {
          const now = Date.now();
          let next = Infinity;
          const due = queries.filter((q) => {
            if (q.kind !== kind) return false;
            const wait = q.last + q.every - now;
            if (wait > EVENT_SPREAD_MS) next = Math.min(next, wait);
            return wait <= EVENT_SPREAD_MS;
          });
          if (due.length) setTimeout(() => void Promise.all(due.map(refetch)), Math.random() * EVENT_SPREAD_MS);
          if (next !== Infinity && !later.has(kind))
            later.set(
              kind,
              setTimeout(() => {
                later.delete(kind);
                onKind(kind);
              }, next),
            );
        };
        const seen = new Map<ChangeKind, number>();
        closers.push(
          subscribe(
            cookie,
            (kind) => {
              // The first event of each kind is where the feed stands (the page was just loaded).
              const n = (seen.get(kind) ?? 0) + 1;
              seen.set(kind, n);
              if (Date.now() >= from && Date.now() <= until) events++;
              if (n > 1) onKind(kind);
            },
            (e) => errors.push(e),
          ),
        );
        // The page's first load, then the safety interval.
        await Promise.all(queries.map(refetch));
        while (Date.now() < until) {
          await new Promise((r) => setTimeout(r, 1000));
          for (const q of queries) if (Date.now() - q.last >= SAFETY_MS) void refetch(q);
        }
        for (const t of later.values()) clearTimeout(t);
      };
      await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
      clearTimeout(cpuTimer);
      const cpu = treeCpuSeconds(server!.pid) - cpuFrom;
      for (const close of closers) close();
      // The last round may end after `until`: CPU is over the measured window plus that tail.
      const seconds = (Date.now() - from) / 1000;
      return { samples, errors, cores: cpu / seconds, events };
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

    console.log(`  ${CLIENTS} clients, ${SESSIONS} sessions: change feed (one event stream each) + refetch on events…`);
    const sse = await phase('sse');
    console.log(`  …${sse.samples.length} samples, ${sse.events} events, ${sse.errors.length} errors; polling at the UI's intervals (If-None-Match)…`);
    const poll = await phase('poll');
    console.log(`  …${poll.samples.length} samples, ${poll.errors.length} errors`);
    const p95 = (r: typeof sse) =>
      quantile(
        r.samples.map((x) => x.ms),
        0.95,
      );
    const byRoute = (r: typeof sse) => {
      const m = new Map<string, number[]>();
      for (const x of r.samples) m.set(x.path, [...(m.get(x.path) ?? []), x.ms]);
      return [...m].map(([p, v]) => `${p} ${fmt(quantile(v, 0.95))} (${fmt(v.length / (MEASURE_MS / 1000), 0)}/s)`).join(', ');
    };
    // Requests per second the clients' pages ask for when polling and every answer is instant (half overview, half queues).
    const demand =
      (CLIENTS / 2) * ((OVERVIEW.length * 1000) / REFRESH_MS + (CHARTS.length * 1000) / periodRefreshMs('1h')) +
      (CLIENTS / 2) * ((QUEUES.length * 1000) / REFRESH_MS);
    const notModified = (r: typeof sse) => fmt((100 * r.samples.filter((x) => x.status === 304).length) / Math.max(1, r.samples.length), 0);
    const rate = (r: typeof sse) => fmt(r.samples.length / (MEASURE_MS / 1000), 0);
    const failed = sse.errors.length + poll.errors.length;
    const failures = failed ? [`${failed} failed requests (a failure fails the result), e.g. ${[...sse.errors, ...poll.errors].slice(0, 3).join('; ')}`] : [];
    const results = [
      ratioResult({
        id: 'B10',
        name: `${CLIENTS} signed-in clients on overview + queue pages, change feed (SSE) + refetch on events: p95 latency`,
        figure: p95(sse),
        unit: 'ms p95',
        baseline: { name: 'same clients polling at the UI intervals with ETag/304, p95', value: p95(poll), unit: 'ms' },
        target: 'p95 ≤ 50 ms',
        limit: 50,
        notes: [
          `change feed: ${rate(sse)} requests/s, ${sse.events} events delivered in ${MEASURE_MS / 1000} s (${fmt(sse.events / CLIENTS, 1)} per client), ${notModified(sse)} % answered 304; p95 per route (ms): ${byRoute(sse)}`,
          `polling: ${rate(poll)} requests/s (the UI's intervals ask ${fmt(demand, 0)}/s), ${notModified(poll)} % answered 304; p95 per route (ms): ${byRoute(poll)}; console CPU ${fmt(poll.cores, 2)} cores`,
          sequentialNote,
          ...failures,
        ],
      }),
      ratioResult({
        id: 'B10',
        name: `${CLIENTS} signed-in clients, change feed: console CPU (next start process tree)`,
        figure: sse.cores,
        unit: 'cores',
        baseline: { name: 'same clients polling with ETag/304', value: poll.cores, unit: 'cores' },
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
