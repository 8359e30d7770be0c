// B2: the console's event-loop delay while polling 100k-queue nodes (XML, the costlier
// format) every 10 s with the history sampler attached, at 1, 5 and 20 nodes (the growth
// curve). Upstream replies are replayed simulator bytes from another process; the console
// side runs in its own process so nothing else shares its event loop.
import { fmt, ratioResult, type BenchResult } from './lib/result';
import { forkTs, nextMessage, startUpstream } from './lib/upstream';

interface ChildResult {
  idle: { p99: number; max: number };
  busy: { p50: number; p99: number; max: number; seconds: number };
  polls: Record<string, number>;
  pollMs: number[];
  peakRssMb: number;
  atPeakMb: { heapUsed: number; heapTotal: number; arrayBuffers: number };
  cpuSeconds: number;
}

const INTERVAL_S = 10;
/** `BENCH_B2_NODES=20` (or `1,5`) runs only those fleet sizes. */
const FLEETS = process.env.BENCH_B2_NODES ? process.env.BENCH_B2_NODES.split(',').map(Number) : [1, 5, 20];

export async function b2(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const nodes of FLEETS) {
    const up = await startUpstream({ mode: 'replay', nodes, queues: 100_000 });
    try {
      const args = {
        nodes: up.nodes.map((n) => ({ id: n.id, url: n.url, format: 'xml' })),
        intervalSeconds: INTERVAL_S,
        pollsPerNode: 3,
        maxSeconds: 60,
        history: true,
      };
      const r = await nextMessage<ChildResult>(forkTs('children/poll-loop-delay.ts', [JSON.stringify(args)]), 'result', 240_000);
      const maxPoll = Math.max(...r.pollMs);
      const p99Ok = r.busy.p99 <= 50;
      const stallOk = r.busy.max <= 100;
      const pollOk = maxPoll <= INTERVAL_S * 1000;
      const rssOk = r.peakRssMb <= 1536;
      const res = ratioResult({
        id: `B2-${nodes}`,
        name: `event-loop delay p99, polling ${nodes} × 100k queues (XML) every ${INTERVAL_S} s, history on`,
        figure: r.busy.p99,
        unit: 'ms',
        baseline: { name: 'idle p99', value: r.idle.p99, unit: 'ms' },
        target: 'p99 ≤ 50 ms, max ≤ 100 ms, polls < interval, RSS ≤ 1.5 GB',
        limit: 50,
        notes: [
          `${Object.values(r.polls).reduce((a, b) => a + b, 0)} polls in ${fmt(r.busy.seconds, 0)} s; delay p50 ${fmt(r.busy.p50)} ms, p99 ${fmt(r.busy.p99)} ms, largest stall ${fmt(r.busy.max)} ms${stallOk ? '' : ' (MISS: > 100 ms)'}; slowest poll ${fmt(maxPoll, 0)} ms of the ${INTERVAL_S * 1000} ms interval${pollOk ? '' : ' (MISS)'}; peak RSS ${fmt(r.peakRssMb, 0)} MB${rssOk ? '' : ' (MISS: > 1.5 GB)'} (then: V8 heap ${fmt(r.atPeakMb.heapUsed, 0)} of ${fmt(r.atPeakMb.heapTotal, 0)} MB, array buffers ${fmt(r.atPeakMb.arrayBuffers, 0)} MB); console CPU (main thread + parse worker) ${fmt(r.cpuSeconds / r.busy.seconds, 2)} cores on average`,
        ],
      });
      // One figure, four conditions: the result passes only when all hold.
      out.push({ ...res, pass: p99Ok && stallOk && pollOk && rssOk });
    } finally {
      await up.stop();
    }
  }
  return out;
}
