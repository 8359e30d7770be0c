// B6: console RSS with 10 nodes × 20k queues and a day of history (see children/memory.ts).
import { fmt, ratioResult, type BenchResult } from './lib/result';
import { forkTs, nextMessage, startUpstream } from './lib/upstream';

interface ChildResult {
  rssMb: number;
  peakRssMb: number;
  heapMb: number;
  externalMb: number;
  baseRssMb: number;
  queues: number;
  dayPolls: number;
  rounds: number;
}

export async function b6(): Promise<BenchResult[]> {
  const up = await startUpstream({ mode: 'sim', nodes: 10, queues: 20_000 });
  try {
    const child = forkTs('children/memory.ts', [
      JSON.stringify({ nodes: up.nodes.map((n) => ({ id: n.id, url: n.url, apiKey: n.apiKey })), intervalSeconds: 5, realPolls: 3 }),
    ]);
    const r = await nextMessage<ChildResult>(child, 'result', 300_000);
    return [
      ratioResult({
        id: 'B6',
        name: 'console RSS, 10 nodes × 20k queues + 24 h in-memory history',
        figure: r.rssMb,
        unit: 'MB',
        baseline: { name: 'same process before the fleet', value: r.baseRssMb, unit: 'MB' },
        target: '≤ 1024 MB',
        limit: 1024,
        notes: [
          `${r.queues} queues; heap ${fmt(r.heapMb, 0)} MB, array buffers + external ${fmt(r.externalMb, 0)} MB; peak RSS while polling ${fmt(r.peakRssMb, 0)} MB`,
          `in-memory history fed ${r.rounds} polls per node (a day at 5 s is ${r.dayPolls}; every in-memory bound is < ${r.rounds}); the SQLite history store (lib/history) was attached for the real polls only — a day of on-disk rows was not generated, its memory is SQLite's bounded page cache`,
        ],
      }),
    ];
  } finally {
    await up.stop();
  }
}
