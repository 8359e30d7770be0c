import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAcctText, type AcctRecord } from '@/lib/accounting';
import { migrate, openDatabase, type Db } from '@/lib/store/db';
import { STORE_BACKENDS } from '@/lib/store/__fixtures__/backends';
import { openAcctTestStore } from './__fixtures__/acct-test-store';
import { get } from './acct-db';
import { queryBySourceIp } from './query';
import { ACCOUNTING_MIGRATIONS } from './schema';
import { AcctStoreWriter, loadProgress } from './writer';

let dir: string;
const open: Db[] = [];
const db = (name = 'a.sqlite') => {
  const d = openDatabase(path.join(dir, name));
  open.push(d);
  return d;
};
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'acct-src-'));
});
afterEach(() => {
  for (const d of open.splice(0)) d.close();
  rmSync(dir, { recursive: true, force: true });
});

const records = (text: string): AcctRecord[] => parseAcctText(text).records;
const CSV = 'type,timeLogged,rcpt,bounceCat,vmta,queue,dlvSourceIp\n';

describe('accounting store: sources', () => {
  it.each([2, 3])('moves progress of a store from before sources (version %i) to the source "default", already started', (version) => {
    const old = db();
    migrate(
      old,
      'accounting',
      ACCOUNTING_MIGRATIONS.filter((m) => m.version <= version),
    );
    old
      .prepare(
        "INSERT INTO acct_progress (node, file, offset, header, line, head_len, head_hash, updated_at) VALUES ('n1', 'acct-a.csv', 1234, '[\"type\"]', 9, 10, 'abc', 5)",
      )
      .run();
    old.close();
    open.splice(0);
    const upgraded = db();
    expect(loadProgress(upgraded, 'n1').get('acct-a.csv')).toEqual({ offset: 1234, header: ['type'], line: 9, headLen: 10, headHash: 'abc' });
    expect(loadProgress(upgraded, 'n1', 'other').size).toBe(0);
    const w = new AcctStoreWriter(upgraded, { recentDiagnostics: 10, malformedSamples: 10 });
    expect(w.sourceStartedAt('n1', 'default')).toBe(5);
    expect(w.sourceStartedAt('n1', 'other')).toBeNull();
    // Every later table and column is there (v3's diagnostics job column included).
    expect(upgraded.prepare("SELECT count(*) FROM pragma_table_info('acct_diag') WHERE name = 'job'").pluck().get()).toBe(1);
    expect(upgraded.prepare("SELECT count(*) FROM sqlite_master WHERE name IN ('acct_source', 'acct_webhook_batch', 'acct_src_ip_h')").pluck().get()).toBe(3);
  });

  it.each(STORE_BACKENDS)('keeps progress per source: the same file name in two sources is two resume points (%s)', async (kind) => {
    const { writer: w } = await openAcctTestStore(kind, { recentDiagnostics: 10, malformedSamples: 10 });
    const p = (offset: number) => ({ offset, header: null, line: 1, headLen: 0, headHash: null });
    await w.commit({ node: 'n1', source: 'bd', file: 'x.csv', fromOffset: 0, progress: p(10), records: [], malformed: 0, samples: [] });
    await w.commit({ node: 'n1', source: 't', file: 'x.csv', fromOffset: 0, progress: p(20), records: [], malformed: 0, samples: [] });
    expect((await w.loadProgress('n1', 'bd')).get('x.csv')?.offset).toBe(10);
    expect((await w.loadProgress('n1', 't')).get('x.csv')?.offset).toBe(20);
  });

  it.each(STORE_BACKENDS)('counts a webhook batch once per key and breaks d/b down by sending IP (%s)', async (kind) => {
    const { store: s, writer: w } = await openAcctTestStore(kind, { recentDiagnostics: 10, malformedSamples: 10 });
    const T = '2026-11-26 10:00:05+0000';
    const rs = records(
      `${CSV}d,${T},a@gmail.com,,vmta-1,gmail.com/vmta-1,10.0.0.1\nb,${T},b@gmail.com,bad-mailbox,vmta-1,gmail.com/vmta-1,10.0.0.2\nb,${T},c@gmail.com,quota-issues,vmta-1,gmail.com/vmta-1,10.0.0.2\n`,
    );
    const batch = { node: 'n1', source: 'push', hash: 'sha256:x', records: rs, malformed: 0, samples: [], label: 'webhook:push' };
    expect(await w.commitBatch(batch)).toBe('counted');
    expect(await w.commitBatch({ ...batch, records: records(`${CSV}d,${T},a@gmail.com,,vmta-1,gmail.com/vmta-1,10.0.0.1\n`) })).toBe('duplicate');
    expect((await get<{ records: number }>(s, "SELECT records FROM acct_node WHERE node = 'n1'"))?.records).toBe(3);
    expect(await queryBySourceIp(s, {})).toEqual([
      { ip: '10.0.0.2', delivered: 0, bounces: 2, hard: 1, soft: 1, custom: 0, unknown: 0 },
      { ip: '10.0.0.1', delivered: 1, bounces: 0, hard: 0, soft: 0, custom: 0, unknown: 0 },
    ]);
    expect(await queryBySourceIp(s, { domain: 'yahoo.com' })).toEqual([]);
  });
});
