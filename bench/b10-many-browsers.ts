// B10: 1,000 signed-in browsers polling the overview and queue pages' APIs at the UI's real
// intervals (lib/query: REFRESH_MS for the fleet reads, periodRefreshMs('1h') for the charts),
// against a production build on loopback with one simulated 100k-queue node. Each client keeps
// its answers and ETags per URL and asks with If-None-Match, as the browser's HTTP cache does
// for apiFetch (cache: 'no-cache'). Figure: what the UI does with the change feed — one
// GET /api/events stream per client asking for its page's polled reads to be pushed
// (`?push=`, lib/query/change-feed.ts); what the stream pushes arrives as `data` frames, the
// rest is refetched on its events (plus the safety interval). The latency is that of every
// answer a client gets in the window: a request's round trip, or a pushed frame's delay from
// the server's send (`at`) to the client having read it. Baseline (same run): the same
// clients polling at the UI's intervals.
// Console CPU is the `next start` process tree's utime + stime over the measured window.
import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { readdirSync, readFileSync } from 'node:fs';
import { withQuery } from '@/lib/query/fetcher';
import { changeKindOf, queryKeys, REFRESH_MS } from '@/lib/query/keys';
import { EVENT_SPREAD_MS, SAFETY_MS } from '@/lib/query/feed-state';
import { CHANGE_EVENT, DATA_EVENT, parseChangeEvent, parsePushingEvent, PUSH_SEPARATOR, PUSHING_EVENT, type ChangeKind } from '@/lib/events/kinds';
import { historySeriesParams } from '@/lib/query/history-params';
import { periodRefreshMs } from '@/components/history/period';
import { fmt, quantile, ratioResult, type BenchResult } from './lib/result';
import { login, startConsole } from './lib/console-server';
import { startUpstream } from './lib/upstream';

const CLIENTS = Number(process.env.BENCH_B10_CLIENTS ?? 1000);
const SESSIONS = 20;
/** Clients open their pages spread over this long (a thousand page loads at once is another benchmark: B9's). */
const OPEN_SPREAD_MS = 60_000;
/** The window starts this long after the last client has its page (its first answers and its stream). */
const SETTLE_MS = 5_000;
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
  /** HTTP status, or 0 for a pushed frame. */
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

    // A request on a kept-alive socket the server closed meanwhile (its idle timeout) fails at
    // once with a reset; it is sent again on a fresh socket, as browsers do (Node's docs:
    // `request.reusedSocket`). Anything else is a failure.
    const get = (path: string, cookie: string, etag: string | undefined, retried = false): Promise<{ status: number; etag: string | undefined }> =>
      new Promise((resolve, reject) => {
        const headers: Record<string, string> = { cookie, accept: 'application/json' };
        if (etag) headers['if-none-match'] = etag;
        const req = http.request({ host: base.hostname, port: base.port, path, agent, headers }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, etag: (res.headers.etag as string | undefined) ?? etag }));
        });
        req.on('error', (e: NodeJS.ErrnoException) => {
          if (!retried && req.reusedSocket && e.code === 'ECONNRESET') get(path, cookie, etag, true).then(resolve, reject);
          else reject(e);
        });
        req.setTimeout(30_000, () => req.destroy(new Error(`timeout on ${path}`)));
        req.end();
      });

    /**
     * One SSE connection per client (GET /api/events?push=…, as lib/query/change-feed.ts holds
     * one per tab), calling `onEvent` with each change's kind, `onPushing` with the URLs the
     * stream pushes and `onData` with each pushed frame's URL, send time and size.
     */
    const subscribe = (
      cookie: string,
      push: string[],
      on: { event: (kind: ChangeKind) => void; pushing: (urls: string[]) => void; data: (url: string, at: number, bytes: number, patch: boolean) => void },
      onError: (e: string) => void,
    ) => {
      const path = `/api/events?${new URLSearchParams({ push: push.join(PUSH_SEPARATOR) })}`;
      const req = http.request({ host: base.hostname, port: base.port, path, agent: false, headers: { cookie, accept: 'text/event-stream' } }, (res) => {
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
            if (frame.startsWith(`event: ${DATA_EVENT}\n`)) {
              // Only the head is read (a tab would hand the body to its cache, or apply the patch first).
              const m = /^data: \{"url":("(?:[^"\\]|\\.)*"),"at":(\d+),"seq":\d+,("base")?/.exec(frame.slice(DATA_EVENT.length + 8));
              if (m) on.data(JSON.parse(m[1]!) as string, Number(m[2]), frame.length, m[3] !== undefined);
              continue;
            }
            const data = frame.split('\n').find((l) => l.startsWith('data: '));
            if (frame.startsWith(`event: ${PUSHING_EVENT}\n`) && data) {
              const urls = parsePushingEvent(data.slice(6));
              if (urls) on.pushing(urls);
              continue;
            }
            const e = frame.includes(`event: ${CHANGE_EVENT}`) && data ? parseChangeEvent(data.slice(6)) : null;
            if (e) on.event(e.kind);
          }
        });
        res.on('error', () => {});
      });
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
     * One phase: every client opens its page (its first answers, as the HTML brings them), and
     * once all have, the window of MEASURE_MS starts after SETTLE_MS; clients go on until it
     * ends, and samples and CPU are taken inside it. `poll`: today's
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
      let pushedBytes = 0;
      let patches = 0;
      let from = Infinity;
      let until = Infinity;
      let cpuFrom = 0;
      let cpuTimer: NodeJS.Timeout | undefined;
      let opened = 0;
      const pageOpen = () => {
        if (++opened < CLIENTS) return;
        from = Date.now() + SETTLE_MS;
        until = from + MEASURE_MS;
        cpuTimer = setTimeout(() => {
          cpuFrom = treeCpuSeconds(server!.pid);
          loop.enable();
        }, SETTLE_MS);
      };
      const closers: (() => void)[] = [];
      // The clients' own event loop (all of them share this process): a late timer or read here is a delay the figure counts, though no browser would have it.
      const loop = monitorEventLoopDelay({ resolution: 10 });
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
        await new Promise((r) => setTimeout(r, Math.random() * OPEN_SPREAD_MS));
        if (mode === 'poll') {
          const opening = Date.now();
          await Promise.all(page.map((q) => ask(q.p)));
          pageOpen();
          const poll = async (paths: string[], every: number) => {
            for (let started = opening; ;) {
              await new Promise((r) => setTimeout(r, Math.max(0, every - (Date.now() - started))));
              if (Date.now() >= until) break;
              started = Date.now();
              await Promise.all(paths.map(ask));
            }
          };
          const groups = new Map<number, string[]>();
          for (const q of page) groups.set(q.every, [...(groups.get(q.every) ?? []), q.p]);
          await Promise.all([...groups].map(([every, paths]) => poll(paths, every)));
          return;
        }
        const queries = page.map((q) => ({ ...q, kind: kindOf(q.p), last: 0, inFlight: false, pushed: false }));
        const refetch = async (q: (typeof queries)[number]) => {
          if (q.inFlight || q.pushed || Date.now() >= until) return;
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
            if (q.kind !== kind || q.pushed) return false;
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
        // The page's first load (a tab has it from the server-rendered HTML), then the stream.
        await Promise.all(queries.map(refetch));
        const inWindow = () => Date.now() >= from && Date.now() <= until;
        closers.push(
          subscribe(
            cookie,
            queries.map((q) => q.p),
            {
              event: (kind) => {
                // The first event of each kind is where the feed stands (the page was just loaded).
                const n = (seen.get(kind) ?? 0) + 1;
                seen.set(kind, n);
                if (inWindow()) events++;
                if (n > 1) onKind(kind);
              },
              pushing: (urls) => {
                for (const q of queries) q.pushed = urls.includes(q.p);
              },
              data: (url, at, bytes, patch) => {
                const q = queries.find((x) => x.p === url);
                if (q) q.last = Date.now();
                if (!inWindow()) return;
                pushedBytes += bytes;
                if (patch) patches++;
                samples.push({ path: url.split('?')[0]!, ms: Date.now() - at, status: 0 });
              },
            },
            (e) => errors.push(e),
          ),
        );
        pageOpen();
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
      loop.disable();
      return { samples, errors, cores: cpu / seconds, events, pushedBytes, patches, clientLoopP99: loop.percentile(99) / 1e6, clientLoopMax: loop.max / 1e6 };
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
    const notModified = (r: typeof sse) =>
      fmt((100 * r.samples.filter((x) => x.status === 304).length) / Math.max(1, r.samples.filter((x) => x.status !== 0).length), 0);
    const rate = (r: typeof sse) => fmt(r.samples.filter((x) => x.status !== 0).length / (MEASURE_MS / 1000), 0);
    const split = (r: typeof sse, pushed: boolean) => r.samples.filter((x) => (x.status === 0) === pushed).map((x) => x.ms);
    // The figure's side must not fail a request; the baseline's failures (a saturated console's timeouts) are its result.
    const failed = sse.errors.length;
    const failures = [
      ...(failed ? [`change feed: ${failed} failed requests or streams (a failure fails the result), e.g. ${sse.errors.slice(0, 3).join('; ')}`] : []),
      ...(poll.errors.length ? [`polling (baseline): ${poll.errors.length} failed requests, e.g. ${poll.errors.slice(0, 2).join('; ')}`] : []),
    ];
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
          `change feed: ${rate(sse)} requests/s (p95 ${fmt(quantile(split(sse, false), 0.95))} ms), ${fmt(split(sse, true).length / (MEASURE_MS / 1000), 0)} pushed answers/s (${fmt(sse.pushedBytes / 1e6 / (MEASURE_MS / 1000), 1)} MB/s, ${fmt((100 * sse.patches) / Math.max(1, split(sse, true).length), 0)} % as patches of the answer before; delay from the server's send p50 ${fmt(quantile(split(sse, true), 0.5))} ms, p95 ${fmt(quantile(split(sse, true), 0.95))} ms), ${sse.events} change events in ${MEASURE_MS / 1000} s (${fmt(sse.events / CLIENTS, 1)} per client), ${notModified(sse)} % of the requests answered 304; p95 per route, requests and pushes together (ms): ${byRoute(sse)}`,
          `polling: ${rate(poll)} requests/s (the UI's intervals ask ${fmt(demand, 0)}/s), ${notModified(poll)} % answered 304; p95 per route (ms): ${byRoute(poll)}; console CPU ${fmt(poll.cores, 2)} cores`,
          `the clients' own process (1,000 simulated tabs, one event loop): event-loop delay p99 ${fmt(sse.clientLoopP99)} ms, max ${fmt(sse.clientLoopMax, 0)} ms with the feed (${fmt(poll.clientLoopP99)} / ${fmt(poll.clientLoopMax, 0)} ms polling)`,
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
