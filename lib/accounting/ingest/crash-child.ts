import 'server-only';
// Test helper process (crash.integration.test.ts): ingests one node's accounting files into a
// store until caught up, in small transactions, so the test can SIGKILL it mid-way for real.
// Run: tsx --conditions=react-server lib/accounting/ingest/crash-child.ts
// env: ACCT_STORE (the store configuration, JSON: SQLite file or PostgreSQL), ACCT_SOURCE=dir|http,
// ACCT_DIR | ACCT_URL + ACCT_KEY, ACCT_COMMIT_BYTES, ACCT_WORKER (non-empty: parse in an
// AcctParsePool worker, as AccountingIngest does)
import { openAcctWriter } from '@/lib/accounting/store/open-writer';
import { storeSchema } from '@/lib/config/store-schema';
import { createPmtaClient } from '@/lib/pmta/client';
import { openStore } from '@/lib/store/store';
import { createDirSource } from './dir-source';
import { AcctFollower } from './follower';
import { AcctParsePool } from './parse-pool';
import { createHttpSource } from './http-source';

const env = process.env;
const store = openStore(storeSchema.parse(JSON.parse(env.ACCT_STORE as string)));
const writer = openAcctWriter(store, { recentDiagnostics: 1000, malformedSamples: 50 });
const source =
  env.ACCT_SOURCE === 'http'
    ? createHttpSource(createPmtaClient({ url: env.ACCT_URL as string, apiKey: env.ACCT_KEY, format: 'auto' }), 'acct-*.csv')
    : createDirSource(env.ACCT_DIR as string, 'acct-*.csv');
const commitBytes = Number(env.ACCT_COMMIT_BYTES ?? 1 << 20);
const pool = env.ACCT_WORKER ? new AcctParsePool() : null;
const follower = new AcctFollower('pmta1', source, writer, () => writer.loadProgress('pmta1'), { commitBytes, readBytes: commitBytes * 4, settleMs: 0, pool });

for (;;) {
  await follower.poll();
  if (follower.status().lagBytes === 0) break;
}
console.log(JSON.stringify(follower.status()));
await pool?.close();
await store.close();
process.exit(0);
