// B2: the console's event-loop delay while polling 5 nodes × 100k queues (XML, the costlier
// format). Upstream replies are replayed simulator bytes from another process; the console
// side runs in its own process so nothing else shares its event loop.
import { fmt, ratioResult, type BenchResult } from './lib/result';
import { forkTs, nextMessage, startUpstream } from './lib/upstream';

interface ChildResult {
  idle: { p99: number; max: number };
  busy: { p50: number; p99: number; max: number; seconds: number };
  polls: Record<string, number>;
  pollMs: number[];
}

export async function b2(): Promise<BenchResult[]> {
  const up = await startUpstream({ mode: 'replay', nodes: 5, queues: 100_000 });
  try {
    const args = { nodes: up.nodes.map((n) => ({ id: n.id, url: n.url, format: 'xml' })), intervalSeconds: 5, pollsPerNode: 4, maxSeconds: 90 };
    const run = async (history: boolean) =>
      nextMessage<ChildResult>(forkTs('children/poll-loop-delay.ts', [JSON.stringify({ ...args, history })]), 'result', 180_000);
    const r = await run(true);
    // The same without the SQLite history sampler, to tell its share from the fleet's.
    const bare = await run(false);
    const maxPoll = Math.max(...r.pollMs);
    return [
      ratioResult({
        id: 'B2',
        name: 'event-loop delay p99, polling 5 × 100k queues (XML)',
        figure: r.busy.p99,
        unit: 'ms',
        baseline: { name: 'idle p99', value: r.idle.p99, unit: 'ms' },
        target: 'p99 ≤ 50 ms',
        limit: 50,
        notes: [
          `${Object.values(r.polls).reduce((a, b) => a + b, 0)} polls in ${fmt(r.busy.seconds, 0)} s (interval 5 s); delay p50 ${fmt(r.busy.p50)} ms, max ${fmt(r.busy.max)} ms; slowest poll ${fmt(maxPoll, 0)} ms`,
          `without the history sampler (lib/history) attached: p99 ${fmt(bare.busy.p99)} ms, max ${fmt(bare.busy.max)} ms`,
        ],
      }),
    ];
  } finally {
    await up.stop();
  }
}
