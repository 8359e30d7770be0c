// The simulator's accounting output for an accelerated hour (files rotating every 10 simulated
// minutes, read while they grow) ingested through both sources: totals equal the simulator's
// own counts exactly.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSimNode, type SimNodeHandle } from '@/sim';
import { createPmtaClient } from '@/lib/pmta/client';
import { openDatabase, type Db } from '@/lib/store/db';
import { AcctStoreWriter, loadProgress } from '@/lib/accounting/store/writer';
import { storedNodeStatus } from '@/lib/accounting/store/status';
import { createDirSource } from './dir-source';
import { createHttpSource } from './http-source';
import { AcctFollower } from './follower';
import { simCounts, storeCounts } from '@/lib/accounting/ingest/__fixtures__/sim-counts';

let node: SimNodeHandle;
let tmp: string;
const dbs: Db[] = [];

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'acct-sim-'));
  node = await startSimNode({ id: 'pmta1', tickMs: 0, seed: 11, startTime: '2026-11-26T10:00:00Z', acctRotateMinutes: 10, injectRate: 15 });
  node.startBackoff('gmail.com/*', 'gmail', 600);
});
afterAll(async () => {
  for (const db of dbs) db.close();
  await node.stop();
  rmSync(tmp, { recursive: true, force: true });
});

function setup(kind: 'dir' | 'http') {
  const db = openDatabase(path.join(tmp, `${kind}.sqlite`));
  dbs.push(db);
  const writer = new AcctStoreWriter(db, { recentDiagnostics: 1000, malformedSamples: 50 });
  const source =
    kind === 'dir' ? createDirSource(node.acctDir, 'acct-*.csv') : createHttpSource(createPmtaClient({ url: node.url, apiKey: node.apiKey }), 'acct-*.csv');
  return { db, follower: new AcctFollower('pmta1', source, writer, () => loadProgress(db, 'pmta1'), { commitBytes: 256 * 1024, settleMs: 0 }) };
}

it('ingests an accelerated simulated hour through both sources, exactly matching the simulator', async () => {
  const dir = setup('dir');
  const http = setup('http');
  // Read while the files grow and rotate: every 7 simulated minutes, so polls land mid-file.
  for (let t = 0; t < 3600; t += 420) {
    node.advance(Math.min(420, 3600 - t));
    node.state(); // the simulator flushes buffered lines before answering
    await dir.follower.poll();
    await http.follower.poll();
  }
  const st = node.state();
  expect(st.acct.files.length).toBeGreaterThanOrEqual(7);
  await dir.follower.poll();
  await http.follower.poll();
  const expected = simCounts(st);
  expect(expected.fbl.total).toBeGreaterThan(0);
  expect(expected.rb.total).toBeGreaterThan(0);
  expect(expected.tq).toBeGreaterThan(0);
  for (const { db, follower } of [dir, http]) {
    expect(storeCounts(db, 'pmta1')).toEqual(expected);
    expect(follower.status()).toMatchObject({ lagBytes: 0, currentFile: st.acct.current });
    expect(storedNodeStatus(db, 'pmta1').malformed).toBe(0);
    const diag = db.prepare('SELECT count(*) AS n FROM acct_diag').get() as { n: number };
    expect(diag.n).toBe(Math.min(1000, expected.bounced.total + expected.rb.total));
  }
}, 120_000);
