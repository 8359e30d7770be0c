// The parse worker path (AcctParsePool) against the in-thread path, on the same hostile files:
// the stores must come out identical (counts, rollups, per-IP rows, diagnostics, malformed
// samples, resume points), whatever the read and transaction sizes, and when the worker dies
// mid-file the follower reads on in its own thread from the last commit without a difference.
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '@/lib/store/db';
import { AcctStoreWriter, loadProgress } from '@/lib/accounting/store/writer';
import { createDirSource } from './dir-source';
import { AcctFollower, type FollowerOptions } from './follower';
import { AcctParsePool } from './parse-pool';
import type { AcctSource } from './source';

const T = (s: number) => `2026-11-26 10:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}+0000`;
const HEADER = 'type,timeLogged,rcpt,dsnStatus,dsnDiag,bounceCat,vmta,queue,dlvSourceIp,feedbackType,reportedDomain,jobId\r\n';
// Weird header: odd case, a duplicate column, keys that are Object members, an unknown column.
const WEIRD = 'TYPE,TimeLogged,__proto__,constructor,rcpt,bounceCat,bounceCat,Queue,dlvSourceIP,toString,header_X-Job\n';

function hostileBody(n: number): string {
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    const t = T(i % 3600);
    const dom = ['gmail.com', 'yahoo.com', 'aol.com', 'Example.ORG'][i % 4];
    if (i % 5 === 0)
      rows.push(
        `b,${t},x${i}@${dom},5.1.1,"smtp;550 5.1.1 user ""x"", unknown",${i % 2 ? 'bad-mailbox' : 'spam-related'},vmta-2,${dom}/vmta-2,10.0.0.2,,,job-${i % 3}`,
      );
    else if (i % 11 === 0) rows.push(`f,${t},u@aol.com,,,,,,10.0.0.1,abuse,news.example,`);
    else if (i % 13 === 0) rows.push(`d,${t},=HYPERLINK("http://evil"),2.0.0,+cmd|' /C calc'!A0,,vmta-1,${dom}/vmta-1,10.0.0.1,,,@SUM(1)`);
    else if (i % 17 === 0) rows.push(`rb,${t},r@${dom},5.0.0,"bounce, remote",policy-related,vmta-3,${dom}/vmta-3,,,,`);
    else if (i % 19 === 0) rows.push(`zz,${t},unknown type`);
    else if (i % 23 === 0) rows.push(`d,not a time,a@${dom},,,,vmta-1,${dom}/vmta-1,10.0.0.1,,,`);
    else if (i % 29 === 0) rows.push(`d,${t},a@${dom},,,,vmta-1,${dom}/vmta-1,10.0.0.1,,,,extra,cells`);
    else if (i % 31 === 0) rows.push('');
    else rows.push(`d,${t},a${i}@${dom},2.0.0,smtp;250 ok,,vmta-1,${dom}/vmta-1,10.0.0.${1 + (i % 3)},,,job-${i % 3}`);
  }
  return rows.join(i2(n) ? '\r\n' : '\n') + '\n';
}
const i2 = (n: number) => n % 2 === 0;

let dir: string;
const dbs: Db[] = [];
const pools: AcctParsePool[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'acct-pool-'));
});
afterEach(async () => {
  for (const p of pools.splice(0)) await p.close();
  for (const d of dbs.splice(0)) d.close();
  rmSync(dir, { recursive: true, force: true });
});

function writeFiles(): void {
  const bad = Buffer.from([0x64, 0x2c, 0xff, 0xfe, 0xc3, 0x0a]); // `d,` + invalid UTF-8
  // Past the 1 MiB row cap. (Not an unclosed quote: where the skip of one of those ends depends
  // on where a read crossed the cap, on either path, and a restart reads from another offset.)
  const long = `b,${T(5)},x@y.com,${'q'.repeat((1 << 20) + 10)}\n`;
  writeFileSync(
    path.join(dir, 'acct-2026-11-26-1000.csv'),
    Buffer.concat([Buffer.from('\ufeff' + HEADER + hostileBody(3000)), bad, Buffer.from(long + WEIRD + hostileBody(500) + HEADER + hostileBody(2000))]),
  );
  // The newest file ends in a partial row: it is held until its newline comes.
  writeFileSync(path.join(dir, 'acct-2026-11-26-1010.csv'), HEADER + hostileBody(1500) + `d,${T(9)},a@gm`);
}

function ingester(name: string, opts: FollowerOptions, source: AcctSource = createDirSource(dir, 'acct-*.csv')) {
  const db = openDatabase(path.join(dir, 'store', `${name}.sqlite`));
  dbs.push(db);
  const writer = new AcctStoreWriter(db, { recentDiagnostics: 50, malformedSamples: 20 });
  const fw = new AcctFollower('n1', source, writer, () => loadProgress(db, 'n1'), { settleMs: 0, ...opts });
  return { db, fw };
}

function newPool(opts: ConstructorParameters<typeof AcctParsePool>[0] = {}): AcctParsePool {
  const p = new AcctParsePool(opts);
  pools.push(p);
  return p;
}

async function drain(fw: AcctFollower): Promise<void> {
  do await fw.poll();
  while (fw.status().behind);
}

const dump = (x: Db) => ({
  agg: x.prepare('SELECT * FROM acct_agg ORDER BY bucket, vmta, domain, job').all(),
  aggH: x.prepare('SELECT * FROM acct_agg_h ORDER BY bucket, vmta, domain, job').all(),
  cat: x.prepare('SELECT * FROM acct_cat ORDER BY bucket, vmta, domain, job, kind, category').all(),
  catH: x.prepare('SELECT * FROM acct_cat_h ORDER BY bucket, vmta, domain, job, kind, category').all(),
  fbl: x.prepare('SELECT * FROM acct_fbl ORDER BY bucket, vmta, domain, job, reported_domain, feedback_type').all(),
  srcIp: x.prepare('SELECT * FROM acct_src_ip_h ORDER BY bucket, ip, vmta, domain').all(),
  ipVmta: x.prepare('SELECT * FROM acct_ip_vmta ORDER BY ip').all(),
  diag: x.prepare('SELECT at, type, domain, vmta, job, category, signature, provider, label, status, diag FROM acct_diag ORDER BY id').all(),
  malformed: x.prepare('SELECT file, line, offset, reason, text FROM acct_malformed ORDER BY id').all(),
  node: x.prepare('SELECT node, records, malformed, last_record_at FROM acct_node').all(),
  progress: x.prepare('SELECT file, offset, header, line, head_len, head_hash FROM acct_progress ORDER BY file').all(),
});

describe('AcctParsePool: worker parsing against the in-thread path', () => {
  it('gives the same store on hostile, rotated files, whatever the read and transaction sizes', async () => {
    writeFiles();
    const pool = newPool();
    // Which malformed samples a slice keeps depends on its size, so each size is compared
    // with the in-thread path at the same size.
    const sizes: FollowerOptions[] = [
      { commitBytes: 4096, readBytes: 64 << 10 },
      { readBytes: 8 << 20 },
      { readBytes: 100_000, commitBytes: 30_000, maxBytesPerPoll: 300_000 },
    ];
    const runs = sizes.map((opts, i) => ({ ref: ingester(`ref-${i}`, opts), worker: ingester(`worker-${i}`, { ...opts, pool }) }));
    for (const { ref, worker } of runs) {
      await drain(ref.fw);
      await drain(worker.fw);
      const expected = dump(ref.db);
      expect((expected.node[0] as { records: number }).records).toBeGreaterThan(5000);
      expect(expected.malformed.length).toBeGreaterThan(5);
      expect(dump(worker.db)).toEqual(expected);
    }
    // The newest file grows (its partial row completes): both count the rest once.
    appendFileSync(path.join(dir, 'acct-2026-11-26-1010.csv'), 'ail.com,,,,vmta-1,gmail.com/vmta-1,10.0.0.1,,,\n' + hostileBody(700));
    for (const { ref, worker } of runs) {
      await drain(ref.fw);
      await drain(worker.fw);
      expect(dump(worker.db)).toEqual(dump(ref.db));
    }
  });

  it('reads on in its own thread from the last commit when the worker dies mid-file', async () => {
    writeFiles();
    const ref = ingester('ref', { commitBytes: 4096, readBytes: 64 << 10 });
    await drain(ref.fw);
    let now = 0;
    const pool = newPool({ retryMs: 60_000, now: () => now });
    const dirSource = createDirSource(dir, 'acct-*.csv');
    let reads = 0;
    // The worker is killed (as by a crash) after a few reads, while slices are in flight.
    const killing: AcctSource = {
      ...dirSource,
      list: (s) => dirSource.list(s),
      read: async (name, offset, length, s) => {
        if (++reads === 4) await (pool as unknown as { worker: Worker }).worker.terminate();
        return dirSource.read(name, offset, length, s);
      },
    };
    const w = ingester('worker', { commitBytes: 4096, readBytes: 64 << 10, pool }, killing);
    await drain(w.fw);
    expect(reads).toBeGreaterThan(4);
    expect(dump(w.db)).toEqual(dump(ref.db));
    const worker = () => (pool as unknown as { worker: Worker | null }).worker;
    // Within the retry delay, passes parse in the follower's thread; then a fresh worker.
    const grow = () => appendFileSync(path.join(dir, 'acct-2026-11-26-1010.csv'), `d,${T(7)},a@gmail.com,,,,vmta-1,gmail.com/vmta-1,10.0.0.1,,,\n`.repeat(50));
    appendFileSync(path.join(dir, 'acct-2026-11-26-1010.csv'), 'ail.com,,,,vmta-1,gmail.com/vmta-1,10.0.0.1,,,\n' + hostileBody(300));
    await drain(w.fw);
    expect(worker()).toBeNull();
    now = 60_000;
    grow();
    await drain(w.fw);
    expect(worker()).not.toBeNull();
    await drain(ref.fw);
    expect(dump(w.db)).toEqual(dump(ref.db));
  });
});
