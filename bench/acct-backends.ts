// Accounting ingest, SQLite against PostgreSQL, from the same file: the simulator's rows (as
// B11 makes them), ingested by the real follower with the parse worker and the writer of each
// backend (a store file; a throw-away PostgreSQL cluster on loopback, fsync off as in the tests).
// Run: PMTA_TEST_PG_PORTS=5470-5474 npx tsx --conditions=react-server bench/acct-backends.ts [records]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { writeSimAcctFile } from './lib/acct-file';
import { createDirSource } from '@/lib/accounting/ingest/dir-source';
import { AcctFollower } from '@/lib/accounting/ingest/follower';
import { AcctParsePool } from '@/lib/accounting/ingest/parse-pool';
import { openAcctWriter } from '@/lib/accounting/store/open-writer';
import { queryTotals } from '@/lib/accounting/store/query';
import { storeSchema } from '@/lib/config/store-schema';
import { startPostgresCluster } from '@/lib/store/__fixtures__/postgres-cluster';
import { openStore } from '@/lib/store/store';

const wanted = Number(process.argv[2] ?? 200_000);
const tmp = mkdtempSync(path.join(tmpdir(), 'pmta-acct-backends-'));
const cluster = await startPostgresCluster('acct_bench');
try {
  const dir = path.join(tmp, 'acct');
  const { rows } = await writeSimAcctFile(dir, wanted);

  process.env.PMTA_BENCH_PG_URL = cluster.url;
  for (const kind of ['sqlite', 'postgres', 'sqlite', 'postgres'] as const) {
    if (kind === 'postgres') {
      const c = new pg.Client({ connectionString: cluster.url });
      await c.connect();
      await c.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
      await c.end();
    }
    const file = path.join(tmp, `store-${Date.now()}.sqlite`);
    const store = openStore(storeSchema.parse({ kind, path: file, postgres: { urlEnv: 'PMTA_BENCH_PG_URL' } }));
    const writer = openAcctWriter(store, { recentDiagnostics: 1000, malformedSamples: 50 });
    const pool = new AcctParsePool();
    // The config defaults (4 MiB reads and commits, 256 MiB a poll), polled again while behind.
    const follower = new AcctFollower('acct', createDirSource(dir, 'acct-*.csv'), writer, () => writer.loadProgress('acct'), {
      readBytes: 4 << 20,
      maxBytesPerPoll: 256 << 20,
      settleMs: 0,
      pool,
    });
    const t = performance.now();
    do await follower.poll();
    while (follower.status().behind);
    const ms = performance.now() - t;
    const totals = await queryTotals(store, {}, { complaintRatePct: 0.1, bounceRatePct: 5, minDelivered: 1 });
    await pool.close();
    await store.close();
    console.log(
      JSON.stringify({
        kind,
        rows,
        seconds: Number((ms / 1000).toFixed(2)),
        recordsPerSec: Math.round((rows / ms) * 1000),
        delivered: totals.delivered,
        lagBytes: follower.status().lagBytes,
      }),
    );
  }
} finally {
  cluster.stop();
  rmSync(tmp, { recursive: true, force: true });
}
