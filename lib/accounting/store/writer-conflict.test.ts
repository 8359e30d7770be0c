// Exactly-once on both backends: a slice whose start is not where the store's resume point is
// (another writer moved it) is refused with ProgressConflictError and counts nothing, and two
// writers racing for the same first slice count it once.
import { describe, expect, it } from 'vitest';
import { STORE_BACKENDS } from '@/lib/store/__fixtures__/backends';
import { openAcctTestStore } from './__fixtures__/acct-test-store';
import { openAcctWriter } from './open-writer';
import { queryTotals } from './query';
import { ProgressConflictError, type IngestSlice } from './writer';
import { parseAcctText } from '@/lib/accounting';

const TH = { complaintRatePct: 0.1, bounceRatePct: 5, minDelivered: 1 };
const CSV = 'type,timeLogged,rcpt,vmta,queue\nd,2026-11-26 10:00:00+0000,a@gmail.com,v1,gmail.com/v1\nd,2026-11-26 10:00:01+0000,b@gmail.com,v1,gmail.com/v1\n';
const slice = (fromOffset: number, offset: number): IngestSlice => ({
  node: 'n1',
  file: 'acct-a.csv',
  fromOffset,
  progress: { offset, header: null, line: 3, headLen: 0, headHash: null },
  records: parseAcctText(CSV).records,
  malformed: 0,
  samples: [],
});

describe.each(STORE_BACKENDS)('accounting writer on %s', (kind) => {
  it('refuses a slice from a resume point the store no longer has, counting nothing of it', async () => {
    const { store, writer } = await openAcctTestStore(kind);
    await writer.commit(slice(0, 100));
    await expect(Promise.resolve().then(() => writer.commit(slice(0, 100)))).rejects.toBeInstanceOf(ProgressConflictError);
    await expect(Promise.resolve().then(() => writer.commit(slice(50, 150)))).rejects.toBeInstanceOf(ProgressConflictError);
    expect((await queryTotals(store, {}, TH)).delivered).toBe(2);
    await writer.commit(slice(100, 200));
    expect((await queryTotals(store, {}, TH)).delivered).toBe(4);
    expect((await writer.loadProgress('n1')).get('acct-a.csv')?.offset).toBe(200);
  });

  it('counts a slice once when two writers race for it (the first slice of a file included)', async () => {
    const { store } = await openAcctTestStore(kind);
    const opts = { recentDiagnostics: 10, malformedSamples: 5 };
    const [a, b] = [openAcctWriter(store, opts), openAcctWriter(store, opts)];
    for (const [from, to] of [
      [0, 100],
      [100, 200],
    ] as const) {
      // (The SQLite writer answers synchronously: a conflict is thrown, not a rejected promise.)
      const outcomes = await Promise.allSettled([a, b].map((w) => Promise.resolve().then(() => w.commit(slice(from, to)))));
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const lost = outcomes.find((o) => o.status === 'rejected');
      expect(lost?.status === 'rejected' && lost.reason).toBeInstanceOf(ProgressConflictError);
    }
    expect((await queryTotals(store, {}, TH)).delivered).toBe(4);
  });
});
