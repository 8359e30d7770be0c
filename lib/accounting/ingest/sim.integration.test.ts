// The simulator's accounting output for an accelerated hour (files rotating every 10 simulated
// minutes, read while they grow) ingested through both sources: totals equal the simulator's
// own counts exactly.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimNode, type SimNodeHandle } from '@/sim';
import { createPmtaClient } from '@/lib/pmta/client';
import { get } from '@/lib/accounting/store/acct-db';
import { openAcctWriter } from '@/lib/accounting/store/open-writer';
import { openTestStore, type StoreBackend } from '@/lib/store/__fixtures__/backends';
import type { ConsoleStore } from '@/lib/store/store';
import { storedNodeStatus } from '@/lib/accounting/store/status';
import { createDirSource } from './dir-source';
import { createHttpSource } from './http-source';
import { AcctFollower } from './follower';
import { simCounts, storeCounts } from '@/lib/accounting/ingest/__fixtures__/sim-counts';

let node: SimNodeHandle;
let tmp: string;
const dbs: ConsoleStore[] = [];

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'acct-sim-'));
  node = await startSimNode({ id: 'pmta1', tickMs: 0, seed: 11, startTime: '2026-11-26T10:00:00Z', acctRotateMinutes: 10, injectRate: 15 });
  node.startBackoff('gmail.com/*', 'gmail', 600);
});
afterAll(async () => {
  for (const db of dbs) await db.close();
  await node.stop();
  rmSync(tmp, { recursive: true, force: true });
});

async function setup(backend: StoreBackend, kind: 'dir' | 'http') {
  const db = await openTestStore(backend);
  dbs.push(db);
  const writer = openAcctWriter(db, { recentDiagnostics: 1000, malformedSamples: 50 });
  const source =
    kind === 'dir' ? createDirSource(node.acctDir, 'acct-*.csv') : createHttpSource(createPmtaClient({ url: node.url, apiKey: node.apiKey }), 'acct-*.csv');
  return { db, follower: new AcctFollower('pmta1', source, writer, () => writer.loadProgress('pmta1'), { commitBytes: 256 * 1024, settleMs: 0 }) };
}

// One simulated hour, read into a store of each backend through both sources at once.
describe('simulated hour', () => {
  it('ingests an accelerated simulated hour through both sources and both backends, exactly matching the simulator', async () => {
    const dir = await setup('sqlite', 'dir');
    const http = await setup('sqlite', 'http');
    const pgDir = await setup('postgres', 'dir');
    const pgHttp = await setup('postgres', 'http');
    // Read while the files grow and rotate: every 7 simulated minutes, so polls land mid-file.
    for (let t = 0; t < 3600; t += 420) {
      node.advance(Math.min(420, 3600 - t));
      node.state(); // the simulator flushes buffered lines before answering
      for (const x of [dir, http, pgDir, pgHttp]) await x.follower.poll();
    }
    const st = node.state();
    expect(st.acct.files.length).toBeGreaterThanOrEqual(7);
    for (const x of [dir, http, pgDir, pgHttp]) await x.follower.poll();
    const expected = simCounts(st);
    expect(expected.fbl.total).toBeGreaterThan(0);
    expect(expected.rb.total).toBeGreaterThan(0);
    expect(expected.tq).toBeGreaterThan(0);
    for (const { db, follower } of [dir, http, pgDir, pgHttp]) {
      expect(await storeCounts(db, 'pmta1')).toEqual(expected);
      expect(follower.status()).toMatchObject({ lagBytes: 0, currentFile: st.acct.current });
      expect((await storedNodeStatus(db, 'pmta1')).malformed).toBe(0);
      const diag = await get<{ n: number }>(db, 'SELECT count(*) AS n FROM acct_diag');
      expect(diag?.n).toBe(Math.min(1000, expected.bounced.total + expected.rb.total));
    }
  }, 120_000);
});
