// B11: accounting records per second through the real ingester (directory source → follower →
// parse worker → SQLite writer, config defaults, as AccountingIngest builds it) from a ~230 MB
// file of the simulator's rows, in its own process; the same-run baseline is the parser alone
// over the same bytes. BENCH_B11_IN_THREAD=1 parses in the follower's thread instead.
import { fmt, type BenchResult } from './lib/result';
import { forkTs, nextMessage } from './lib/upstream';

interface ChildResult {
  rows: number;
  bytes: number;
  parsed: number;
  parseMs: number;
  ingestMs: number;
  ingestCpuMs: number;
  /** CPU of the follower's thread and of the parse worker during the ingest (Linux; 0 elsewhere). */
  mainCpuMs: number;
  workerCpuMs: number;
  /** Wall time of the SQLite commits (in the follower's thread). */
  commitMs: number;
  delivered: number;
  lagBytes: number;
  worker: boolean;
}

const TARGET = 200_000;

export async function b11(): Promise<BenchResult[]> {
  const r = await nextMessage<ChildResult>(forkTs('children/acct-ingest.ts', [JSON.stringify({ records: 500_000 })]), 'result', 600_000);
  if (r.parsed !== r.rows || r.lagBytes !== 0) throw new Error(`ingested ${r.parsed}/${r.rows} rows, ${r.lagBytes} bytes left`);
  const perSec = (r.rows / r.ingestMs) * 1000;
  const ratioToTarget = TARGET / perSec;
  return [
    {
      id: 'B11',
      name: 'accounting ingest from files (dir source → follower → parse worker → SQLite)',
      figure: perSec,
      unit: 'records/s',
      target: `≥ ${TARGET / 1000}k records/s`,
      ratioToTarget,
      pass: ratioToTarget <= 1,
      baseline: { name: 'parser alone', value: (r.parsed / r.parseMs) * 1000, unit: 'records/s' },
      notes: [
        `${r.rows} rows (${fmt(r.bytes / 2 ** 20, 0)} MiB) in ${fmt(r.ingestMs / 1000, 2)} s wall, ${fmt(r.ingestCpuMs / 1000, 2)} s CPU of both threads (${fmt((r.rows / r.ingestCpuMs) * 1000, 0)} records per CPU-second); ${r.delivered} delivered stored; parsed ${r.worker ? 'in the parse worker' : "in the follower's thread (BENCH_B11_IN_THREAD)"}`,
        // On a quiet machine the two threads overlap, so the busier one bounds the wall time:
        // this figure is what the load of other processes cannot inflate as much.
        `threads: follower ${fmt(r.mainCpuMs / 1000, 2)} s CPU (SQLite commits ${fmt(r.commitMs / 1000, 2)} s wall), parse worker ${fmt(r.workerCpuMs / 1000, 2)} s CPU; records per second of the busier thread's CPU ${fmt((r.rows / Math.max(r.mainCpuMs, r.workerCpuMs, 1)) * 1000, 0)}`,
      ],
    },
  ];
}
