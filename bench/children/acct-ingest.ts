// B11 ingester side (own process, so BENCH_CPU_PROF profiles just this): the simulator writes
// ten accelerated minutes of one busy node's accounting (every record type, ~450 bytes a row),
// the bench repeats those rows to a file of about `records` rows, and the real ingester
// (createDirSource → AcctFollower with AccountingIngest's parse worker → AcctStoreWriter, the
// runtime's defaults) reads it into a fresh SQLite store. The baseline is the parser alone over the same bytes, in the same run.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeSimAcctFile } from '../lib/acct-file';
import { createAcctParser } from '@/lib/accounting';
import { createDirSource } from '@/lib/accounting/ingest/dir-source';
import { AcctFollower } from '@/lib/accounting/ingest/follower';
import { AcctParsePool } from '@/lib/accounting/ingest/parse-pool';
import { AcctStoreWriter, loadProgress } from '@/lib/accounting/store/writer';
import { sqliteAcctDb } from '@/lib/accounting/store/acct-db';
import { queryTotals } from '@/lib/accounting/store/query';
import { openDatabase } from '@/lib/store/db';

/** CPU ms per thread of this process (Linux /proc; empty elsewhere), to split the ingest's CPU. */
function threadCpuMs(): Map<string, number> {
  const out = new Map<string, number>();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const st = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      out.set(tid, ((Number(f[11]) + Number(f[12])) * 1000) / 100); // utime + stime, USER_HZ = 100
    }
  } catch {
    // not Linux: no split
  }
  return out;
}

const { records: wanted } = JSON.parse(process.argv[2]!) as { records: number };
const tmp = mkdtempSync(path.join(tmpdir(), 'pmta-bench-b11-'));
try {
  const dir = path.join(tmp, 'acct');
  rmSync(dir, { recursive: true, force: true });
  const { file, rows, bytes } = await writeSimAcctFile(dir, wanted);

  // Baseline: the parser alone, fed the file in the follower's read size.
  const all = readFileSync(file);
  let parsed = 0;
  const tp = performance.now();
  {
    const p = createAcctParser({});
    for (let i = 0; i < all.length; i += 256 << 10) parsed += p.push(all.subarray(i, i + (256 << 10))).records.length;
    parsed += p.end().records.length;
  }
  const parseMs = performance.now() - tp;

  const db = openDatabase(path.join(tmp, 'store.sqlite'));
  const writer = new AcctStoreWriter(db, { recentDiagnostics: 1000, malformedSamples: 50 });
  // The config defaults (lib/config/accounting-schema.ts: 4 MiB reads, 256 MiB a poll), polled
  // again right away while behind, as NodeIngester does, with the parse worker AccountingIngest
  // gives its followers (BENCH_B11_IN_THREAD=1: without it, to compare).
  const pool = process.env.BENCH_B11_IN_THREAD ? null : new AcctParsePool();
  const follower = new AcctFollower('acct', createDirSource(dir, 'acct-*.csv'), writer, () => loadProgress(db, 'acct'), {
    readBytes: 4 << 20,
    maxBytesPerPoll: 256 << 20,
    pool,
  });
  // Time the main thread spends in SQLite commits (the rest of its time: reads, messages).
  let commitMs = 0;
  const commit = writer.commit.bind(writer);
  writer.commit = (slice) => {
    const t0 = performance.now();
    commit(slice);
    commitMs += performance.now() - t0;
  };
  const threads0 = threadCpuMs();
  const cpu = process.cpuUsage();
  const t = performance.now();
  do await follower.poll();
  while (follower.status().behind);
  const ingestMs = performance.now() - t;
  const used = process.cpuUsage(cpu);
  const threads = [...threadCpuMs()].map(([tid, ms]) => ({ main: tid === String(process.pid), ms: ms - (threads0.get(tid) ?? 0) }));
  const mainCpuMs = threads.find((x) => x.main)?.ms ?? 0;
  // The parse worker is the busiest other thread (the rest: V8's GC helpers, libuv's pool).
  const workerCpuMs = Math.max(0, ...threads.filter((x) => !x.main).map((x) => x.ms));
  const th = { complaintRatePct: 0.1, bounceRatePct: 5, minDelivered: 1 };
  const totals = await queryTotals(sqliteAcctDb(db), {}, th);
  const st = follower.status();
  await pool?.close();
  db.close();
  process.send!({
    type: 'result',
    rows,
    bytes,
    parsed,
    parseMs,
    ingestMs,
    ingestCpuMs: (used.user + used.system) / 1000,
    mainCpuMs,
    workerCpuMs,
    commitMs,
    delivered: totals.delivered,
    lagBytes: st.lagBytes,
    worker: pool !== null,
  });
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(0);
