// B4: /api/queues latency for sort + filter + page of 100 out of 100k queues, through the real
// route handler in-process (session guard, zod, queryQueues, JSON) and as pure queryQueues.
// Each sort key's first query on a snapshot builds the cached order; that cold cost is
// reported apart, the target applies to the request mix on a polled snapshot.
import { queryQueues, type QueueQuery } from '@/lib/queue-store/queue-query';
import { authedRequest } from '@/lib/auth/__fixtures__/test-auth';
import { installTestRuntime, removeTestRuntime } from '@/lib/runtime/__fixtures__/test-runtime';
import { fmt, quantile, ratioResult, type BenchResult } from './lib/result';
import { startUpstream } from './lib/upstream';

const QUERIES = [
  'sort=rcp&dir=desc',
  'sort=rcp&dir=desc&q=gmail',
  'sort=name&dir=asc&q=tail-00',
  'sort=domain&dir=desc&mode=backoff',
  'sort=kb&dir=desc&paused=false&offset=500',
  'sort=vmta&dir=asc&q=vmta-2',
  'sort=retryTime&dir=asc&errors=true',
  'sort=node&dir=asc&q=yahoo',
  'sort=conn&dir=desc&offset=99900',
  'sort=rcp&dir=asc&q=example/vmta-1',
];
const ROUNDS = 30;

export async function b4(): Promise<BenchResult[]> {
  const up = await startUpstream({ mode: 'replay', nodes: 1, queues: 100_000 });
  const runtime = installTestRuntime({ nodes: up.nodes.map((n) => ({ id: n.id, url: n.url, format: 'json' })), config: { pollIntervalSeconds: 10 } });
  const fleet = runtime.fleet;
  try {
    await fleet.pollAll();
    const { GET } = await import('@/app/api/queues/route');
    const call = async (qs: string) => {
      const res = await GET(await authedRequest(`http://127.0.0.1:3000/api/queues?limit=100&${qs}`));
      if (res.status !== 200) throw new Error(`/api/queues?${qs} → ${res.status} ${await res.text()}`);
      return res.json() as Promise<{ rows: unknown[]; total: number }>;
    };
    const cold: number[] = [];
    for (const qs of QUERIES) {
      const t = performance.now();
      await call(qs);
      cold.push(performance.now() - t);
    }
    const warm: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      for (const qs of QUERIES) {
        const t = performance.now();
        const page = await call(qs);
        warm.push(performance.now() - t);
        if (page.rows.length === 0 && !qs.includes('offset=99900')) throw new Error(`no rows for ${qs}`);
      }
    }
    // The same mix on queryQueues alone (no HTTP layer, no JSON).
    const sources = fleet.nodes.map((n) => ({ node: n.config.id, table: n.poller.snapshot.queues! }));
    const pure: number[] = [];
    const asQuery = (qs: string): QueueQuery => {
      const p = new URLSearchParams(qs);
      const bool = (k: string) => (p.has(k) ? p.get(k) === 'true' : undefined);
      return {
        filter: { text: p.get('q') ?? undefined, mode: (p.get('mode') as 'backoff') ?? undefined, paused: bool('paused'), hasErrors: bool('errors') },
        sort: p.get('sort') as QueueQuery['sort'],
        dir: p.get('dir') as 'asc' | 'desc',
        offset: Number(p.get('offset') ?? 0),
        limit: 100,
      };
    };
    for (let r = 0; r < ROUNDS; r++) {
      for (const qs of QUERIES) {
        const t = performance.now();
        queryQueues(sources, asQuery(qs));
        pure.push(performance.now() - t);
      }
    }
    const p95 = quantile(warm, 0.95);
    return [
      ratioResult({
        id: 'B4',
        name: '/api/queues sort+filter+page 100 of 100k (route, in-process)',
        figure: p95,
        unit: 'ms p95',
        baseline: { name: 'queryQueues alone p95', value: quantile(pure, 0.95), unit: 'ms' },
        target: 'p95 ≤ 20 ms',
        limit: 20,
        notes: [
          `${warm.length} requests over ${QUERIES.length} sort/filter/page combinations: p50 ${fmt(quantile(warm, 0.5))} ms, p95 ${fmt(p95)} ms, max ${fmt(Math.max(...warm))} ms`,
          `first query per sort key on a fresh snapshot (builds its cached order): median ${fmt(quantile(cold, 0.5), 0)} ms, max ${fmt(Math.max(...cold), 0)} ms`,
        ],
      }),
    ];
  } finally {
    await removeTestRuntime(runtime);
    await up.stop();
  }
}
