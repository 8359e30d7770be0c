// kill -9 of the ingester mid-ingestion, for real: the ingester runs in a child process (tsx)
// against a temp store (a SQLite file, or a fresh PostgreSQL schema), is SIGKILLed twice while
// it commits, is restarted, and the final totals still equal the simulator's own counts
// exactly (nothing lost, nothing twice).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimNode, type SimNodeHandle } from '@/sim';
import { get } from '@/lib/accounting/store/acct-db';
import { simCounts, storeCounts } from '@/lib/accounting/ingest/__fixtures__/sim-counts';
import { testStoreConfig } from '@/lib/store/__fixtures__/backends';
import { openStore, type ConsoleStore } from '@/lib/store/store';

const root = path.resolve(import.meta.dirname, '../../..');
let node: SimNodeHandle;
let tmp: string;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'acct-crash-'));
  node = await startSimNode({ id: 'pmta1', tickMs: 0, seed: 23, startTime: '2026-11-26T10:00:00Z', acctRotateMinutes: 10, injectRate: 15 });
  node.advance(3600);
  node.state(); // flush
});
afterAll(async () => {
  await node.stop();
  rmSync(tmp, { recursive: true, force: true });
});

function startChild(env: Record<string, string>): { child: ChildProcess; exited: Promise<number | null> } {
  // node itself (tsx as a loader), not the tsx CLI: the CLI runs the script in a grandchild
  // that a SIGKILL to the CLI would leave running.
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'lib/accounting/ingest/crash-child.ts'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited };
}

/** Records committed so far, read by a connection of its own (SQLite WAL: never blocks the writer). */
async function committed(store: ConsoleStore): Promise<number> {
  try {
    return (await get<{ records: number }>(store, "SELECT records FROM acct_node WHERE node = 'pmta1'"))?.records ?? 0;
  } catch {
    return 0; // tables not created yet
  }
}

// `worker`: records parsed and counted in the ingester's parse worker (AcctParsePool).
describe.each([
  ['sqlite', 'dir', ''],
  ['sqlite', 'http', ''],
  ['sqlite', 'dir', 'worker'],
  ['postgres', 'dir', ''],
  ['postgres', 'http', 'worker'],
] as const)('SIGKILL mid-ingestion (%s, %s source) %s', (backend, source, worker) => {
  it('restarts to exactly the simulator totals', async () => {
    // The child finds the PostgreSQL URL in the variable the configuration names (inherited).
    const cfg = await testStoreConfig(backend, path.join(tmp, `${source}${worker}.sqlite`));
    const reader = openStore(cfg);
    const env = {
      ACCT_STORE: JSON.stringify(cfg),
      ACCT_SOURCE: source,
      ACCT_DIR: node.acctDir,
      ACCT_URL: node.url,
      ACCT_KEY: node.apiKey,
      ACCT_COMMIT_BYTES: String(16 * 1024),
      ACCT_WORKER: worker,
    };
    const expected = simCounts(node.state());
    const totalRecords = expected.delivered + expected.bounced.total + expected.transient + expected.tq + expected.fbl.total + expected.rb.total;

    const killedAt: number[] = [];
    for (let round = 0; round < 2; round++) {
      const before = await committed(reader);
      const { child, exited } = startChild(env);
      // Wait until this run has committed something, then kill it without warning.
      for (let i = 0; i < 3000 && (await committed(reader)) <= before; i++) await sleep(10);
      child.kill('SIGKILL');
      await exited;
      killedAt.push(await committed(reader));
    }
    expect(killedAt[0]).toBeGreaterThan(0);
    expect(killedAt[1]).toBeGreaterThan(killedAt[0] as number);
    expect(killedAt[1]).toBeLessThan(totalRecords); // really mid-way

    const { child, exited } = startChild(env);
    let out = '';
    child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
    expect(await exited).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ lagBytes: 0 });

    try {
      expect(await storeCounts(reader, 'pmta1')).toEqual(expected);
      expect(await committed(reader)).toBe(totalRecords);
    } finally {
      await reader.close();
    }
    // PostgreSQL: every 16 KiB slice is a round of statements over TCP, so a run takes longer.
  }, 300_000);
});
