// B12: bytes the history store adds per node per day — a simulated day of one 100k-queue node
// at a 10 s interval written through the real sampler and SQLite store with rollups and
// pruning on the simulated clock (bench/children/history-day.ts), measured as the database's
// pages in use afterwards (not extrapolated). BENCH_B12_HOURS shortens the day for a quick look;
// the figure then covers those hours only and the result says so.
import { fmt, ratioResult, type BenchResult } from './lib/result';
import { forkTs, nextMessage } from './lib/upstream';

interface ChildResult {
  polls: number;
  hours: number;
  bytes: number;
  objects: { name: string; bytes: number }[];
  rows: Record<string, number>;
  writeMsPerPoll: number;
  longestWriteMs: number;
  longestMaintenanceMs: number;
  p99WriteMs: number;
  queries: { label: string; ms: number }[];
  cpuSeconds: number;
  wallSeconds: number;
}

const MB = 1024 * 1024;

export async function b12(): Promise<BenchResult[]> {
  const hours = Number(process.env.BENCH_B12_HOURS ?? 24);
  const args = { queues: 100_000, intervalSeconds: 10, hours, refreshPolls: 180 };
  const r = await nextMessage<ChildResult>(forkTs('children/history-day.ts', [JSON.stringify(args)]), 'result', 3_600_000);
  const day = hours === 24;
  return [
    ratioResult({
      id: 'B12',
      name: `history store bytes per node-day, 100k-queue node at 10 s${day ? '' : ` (only ${hours} h written)`}`,
      figure: r.bytes / MB,
      unit: day ? 'MB/node-day' : `MB/${hours} h`,
      target: '≤ 250 MB per node-day',
      limit: day ? 250 : NaN,
      notes: [
        `${r.polls} polls written in ${fmt(r.wallSeconds, 0)} s (${fmt(r.cpuSeconds, 0)} s CPU); write ${fmt(r.writeMsPerPoll)} ms per poll (p99 ${fmt(r.p99WriteMs)} ms), longest poll write ${fmt(r.longestWriteMs)} ms, longest rollup/prune step ${fmt(r.longestMaintenanceMs)} ms`,
        `rows: ${Object.entries(r.rows)
          .map(([t, n]) => `${t} ${n}`)
          .join(', ')}`,
        `reads after the day (ms, median of 3): ${r.queries.map((q) => `${q.label} ${fmt(q.ms)}`).join(', ')}`,
        `largest (dbstat, MB): ${r.objects.map((o) => `${o.name} ${fmt(o.bytes / MB)}`).join(', ')}`,
      ],
    }),
  ];
}
