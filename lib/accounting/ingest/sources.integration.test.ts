// A node writing two accounting file sets (acct-bd: b,d over HTTP in small Range chunks;
// acct-t: t,tq from the directory) and pushing f,rb to the webhook (gzip, with re-posted
// batches), ingested by AccountingIngest; the console is stopped and rebuilt on the same store
// file in the middle while the simulator keeps writing and retrying. Totals equal the
// simulator's own counts exactly: every source counted once, nothing lost, nothing twice.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSimNode, type SimNodeHandle } from '@/sim';
import { parseConfig } from '@/lib/config/load';
import { createPmtaClient } from '@/lib/pmta/client';
import { sqliteAcctDb } from '@/lib/accounting/store/acct-db';
import { openDatabase, type Db } from '@/lib/store/db';
import { AccountingIngest } from './manager';
import { installTestRuntime, removeTestRuntime } from '@/lib/runtime/__fixtures__/test-runtime';
import type { Runtime } from '@/lib/runtime/runtime';
import { callWebhook } from './__fixtures__/webhook-route';
import { simCounts, storeCounts } from './__fixtures__/sim-counts';

const SECRET = 'whsec_test_0123456789abcdef';
let node: SimNodeHandle;
let server: Server;
let tmp: string;
let ingest: AccountingIngest | null = null;
let db: Db | null = null;
/** Only for the webhook routes' guard (auth settings); accounting is `ingest` below. */
let rt: Runtime | undefined;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'acct-sources-'));
  rt = installTestRuntime();
  // The console's webhook endpoint, served by the same handler the Next route uses.
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const request = new Request(url, { method: req.method, headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) });
      const slug = url.pathname.split('/').slice(4);
      void callWebhook(request, slug, (n) => {
        if (!ingest) throw new Error('console is restarting');
        return ingest.webhook(n);
      }).then(async (r) => {
        res.writeHead(r.status, { 'content-type': 'application/json' });
        res.end(Buffer.from(await r.arrayBuffer()));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  node = await startSimNode({
    id: 'pmta1',
    tickMs: 0,
    seed: 31,
    startTime: '2026-11-26T10:00:00Z',
    acctRotateMinutes: 10,
    injectRate: 15,
    acctFiles: [
      { prefix: 'acct-bd', records: ['b', 'd'] },
      { prefix: 'acct-t', records: ['t', 'tq'] },
    ],
    acctWebhook: {
      url: `http://127.0.0.1:${port}/api/accounting/webhook/pmta1`,
      records: ['f', 'rb'],
      headers: { Authorization: `Bearer ${SECRET}` },
      gzip: true,
      duplicateEvery: 3,
      maxRecords: 40,
    },
  });
  node.startBackoff('gmail.com/*', 'gmail', 600);
});
afterAll(async () => {
  ingest?.stop();
  db?.close();
  await node.stop();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await removeTestRuntime(rt);
  rmSync(tmp, { recursive: true, force: true });
});

function startConsole(): AccountingIngest {
  const yaml = `nodes:\n  - id: pmta1\n    url: ${node.url}\n    apiKey: ${node.apiKey}\naccounting:\n  nodes:\n    pmta1:\n      sources:
        - { id: bd, kind: http, pattern: 'acct-bd-*.csv', chunkBytes: 65536, maxBytesPerPoll: 131072, settleSeconds: 0 }
        - { id: t, kind: dir, dir: '${node.acctDir}', pattern: 'acct-t-*.csv', settleSeconds: 0 }
        - { id: push, kind: webhook, secret: ${SECRET} }\n`;
  const config = parseConfig(yaml, 'test.yaml', {});
  db = openDatabase(path.join(tmp, 'console.sqlite'));
  const client = createPmtaClient({ url: node.url, apiKey: node.apiKey });
  return new AccountingIngest(config, sqliteAcctDb(db), () => client, { commitBytes: 32 * 1024 });
}

function openStore(): Db {
  if (!db) throw new Error('no store open');
  return db;
}

async function pollUntilCaughtUp(i: AccountingIngest): Promise<void> {
  for (let k = 0; k < 500; k++) {
    await i.pollAll();
    if (i.status().every((s) => s.lastError === null && s.follower.lagBytes === 0)) return;
  }
  throw new Error(`not caught up: ${JSON.stringify(i.status().map((s) => [s.sourceId, s.lastError, s.follower.lagBytes]))}`);
}

it('counts two file sources and a webhook exactly once across a console restart', async () => {
  ingest = startConsole();
  for (let t = 0; t < 1800; t += 420) {
    node.advance(420);
    node.state();
    await ingest.pollAll(); // bd is budget-limited: it is left mid-file on purpose
  }
  expect(ingest.status().find((s) => s.sourceId === 'bd')?.follower.lagBytes).toBeGreaterThan(0);
  await node.webhookIdle();

  // Restart: the console goes away; the node keeps writing and re-posting what fails.
  ingest.stop();
  ingest = null;
  db?.close();
  db = null;
  node.advance(900);
  node.state();
  await new Promise((r) => setTimeout(r, 100)); // a few refused posts, retried later
  ingest = startConsole();
  for (let t = 0; t < 900; t += 300) {
    node.advance(300);
    node.state();
    await ingest.pollAll();
  }
  const stats = await node.webhookIdle();
  await pollUntilCaughtUp(ingest);

  const st = node.state();
  const expected = simCounts(st);
  expect(expected.fbl.total).toBeGreaterThan(0);
  expect(expected.rb.total).toBeGreaterThan(0);
  expect(expected.tq).toBeGreaterThan(0);
  expect(expected.transient).toBeGreaterThan(0);
  expect(st.acct.files.some((f) => f.startsWith('acct-bd-'))).toBe(true);
  expect(st.acct.files.some((f) => f.startsWith('acct-t-'))).toBe(true);
  expect(stats?.duplicates).toBeGreaterThan(0); // re-posted batches were acknowledged, not counted
  expect(stats?.retries).toBeGreaterThan(0); // posts refused while the console was down
  expect(await storeCounts(sqliteAcctDb(openStore()), 'pmta1')).toEqual(expected);
  const hook = ingest.webhookStatus()[0]?.status;
  expect(hook?.duplicates).toBeGreaterThan(0);
}, 180_000);
