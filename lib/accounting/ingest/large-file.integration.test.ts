// A node whose current accounting file is 5 GB (sparse: real rows at its start and end), served
// by the simulator over HTTP. The first start must neither fail nor hold the file: every read
// is one bounded `Range: bytes=S-E` chunk below the client's maxBytes, a poll stops at its byte
// budget, and memory stays flat. With `startAt: end` only rows written after the start count.
import { appendFileSync, closeSync, openSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { startSimNode, type SimNodeHandle } from '@/sim';
import { createPmtaClient, type PmtaClient } from '@/lib/pmta/client';
import { openDatabase, type Db } from '@/lib/store/db';
import { sqliteAcctDb } from '@/lib/accounting/store/acct-db';
import { queryTotals } from '@/lib/accounting/store/query';
import { AcctStoreWriter, loadProgress } from '@/lib/accounting/store/writer';
import { createHttpSource } from './http-source';
import { AcctFollower, type FollowerOptions } from './follower';

const GB5 = 5 * 1024 ** 3;
const CHUNK = 1 << 20;
const NAME = 'acct-2026-11-26-0000.csv';
const HEADER = 'type,timeLogged,rcpt,bounceCat,vmta,queue,dlvSourceIp\n';
const row = (i: number) => `d,2026-11-26 00:00:${String(i % 60).padStart(2, '0')}+0000,u${i}@gmail.com,,vmta-1,gmail.com/vmta-1,10.0.0.1\n`;
const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => row(from + i)).join('');
const TH = { complaintRatePct: 0.1, bounceRatePct: 5, minDelivered: 1 };

let node: SimNodeHandle;
let db: Db;
let asked: { from: number; to: number | undefined; got: number }[];

beforeAll(async () => {
  node = await startSimNode({ id: 'big', tickMs: 0, seed: 5, startTime: '2026-11-26T10:00:00Z', injectRate: 0 });
});
afterAll(async () => {
  await node.stop();
});
beforeEach(() => {
  // Older by name than the simulator's own current file; rows, 5 GB of hole, rows. The first
  // 64 MiB of the hole (more than the polls below read) have a newline every 512 KiB, as a
  // file of rows has (its "rows" of NULs are malformed): a newline-less stretch is one row, and
  // a poll only stops at its budget once it has committed something, so it would be read
  // through in one poll (in bounded chunks and memory).
  const file = path.join(node.acctDir, NAME);
  writeFileSync(file, HEADER + rows(0, 1000));
  truncateSync(file, GB5);
  const fd = openSync(file, 'r+');
  try {
    for (let at = 1 << 20; at < 64 << 20; at += 512 << 10) writeSync(fd, '\n', at);
  } finally {
    closeSync(fd);
  }
  appendFileSync(file, `\n${rows(1000, 10)}`);
  db = openDatabase(path.join(node.acctDir, `store-${Date.now()}.sqlite`));
  asked = [];
});
afterEach(() => db.close());

/** The real client, recording every Range it asks for and what came back. */
function recordingClient(): PmtaClient {
  const c = createPmtaClient({ url: node.url, apiKey: node.apiKey, maxBytes: 2 * CHUNK });
  return {
    ...c,
    getFile: async (name, o) => {
      const r = await c.getFile(name, o);
      asked.push({ from: o?.fromByte ?? 0, to: o?.toByte, got: r.body.length });
      return r;
    },
  };
}

function follower(opts: FollowerOptions): AcctFollower {
  const writer = new AcctStoreWriter(db, { recentDiagnostics: 10, malformedSamples: 10 });
  return new AcctFollower('big', createHttpSource(recordingClient(), 'acct-*.csv'), writer, () => loadProgress(db, 'big'), {
    settleMs: 0,
    readBytes: CHUNK,
    ...opts,
  });
}

it('reads a 5 GB file from the beginning in bounded chunks, a budget per poll, in flat memory', async () => {
  const fw = follower({ maxBytesPerPoll: 8 * CHUNK, startAt: 'beginning' });
  const rss = process.memoryUsage().rss;
  await fw.poll();
  await fw.poll();
  expect((await queryTotals(sqliteAcctDb(db), {}, TH)).delivered).toBe(1000); // the rows before the hole
  const st = fw.status();
  expect(st.behind).toBe(true);
  expect(st.lagBytes).toBeGreaterThan(GB5 - 20 * CHUNK);
  expect(asked.length).toBeGreaterThan(0);
  for (const a of asked) {
    expect(a.to).toBeDefined();
    expect((a.to as number) - a.from + 1).toBeLessThanOrEqual(CHUNK);
    expect(a.got).toBeLessThanOrEqual(CHUNK);
  }
  expect(asked.reduce((n, a) => n + a.got, 0)).toBeLessThanOrEqual(2 * 8 * CHUNK + 2 * 4096); // two budgets (+ heads)
  expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 1024 * 1024);
}, 60_000);

it('with startAt: end, counts only rows written after the first start, across a restart', async () => {
  const fw = follower({ startAt: 'end' });
  await fw.poll();
  expect((await queryTotals(sqliteAcctDb(db), {}, TH)).delivered).toBe(0);
  expect(fw.status().lagBytes).toBe(0);
  expect(asked.reduce((n, a) => n + a.got, 0)).toBeLessThan(4 * CHUNK); // head and tail only
  appendFileSync(path.join(node.acctDir, NAME), rows(2000, 7));
  await fw.poll();
  expect((await queryTotals(sqliteAcctDb(db), {}, TH)).delivered).toBe(7);
  // A restart does not jump to the end again: what was written meanwhile counts.
  appendFileSync(path.join(node.acctDir, NAME), rows(3000, 3));
  await follower({ startAt: 'end' }).poll();
  expect((await queryTotals(sqliteAcctDb(db), {}, TH)).delivered).toBe(10);
}, 60_000);
