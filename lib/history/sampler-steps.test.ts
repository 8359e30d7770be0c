// Writing in steps must store exactly what writing at once stores, only in more, smaller
// transactions spread over turns of the event loop.
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '@/lib/store/db';
import { SqliteHistoryStore } from './sqlite-store';
import { HistorySampler } from './sampler';
import { fakeStatus, fakeTable, snapshot, type Q } from '@/lib/history/__fixtures__/snapshots';

const S = 1000;
const T0 = 1_700_000_000_000;
const limits = { topDomainsPerNode: 600, queueSeriesDomains: 50, maxQueueRowsPerNode: 2000, gapMs: 30 * S };

function setup() {
  const db = openDatabase(':memory:');
  const store = new SqliteHistoryStore(db, { retention: { raw: 1e9, minute: 1e10, hour: 1e11 }, pollIntervalMs: 10 * S, gapMs: 30 * S });
  return { db, sampler: new HistorySampler(store, limits) };
}

const dump = (db: Db) =>
  ['hist_node', 'hist_domain', 'hist_queue', 'hist_event', 'hist_poll'].map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4`).all());

function queues(round: number): Q[] {
  // 700 domains × 2 vMTAs: more rows than one write chunk, with backoff and errors changing.
  return Array.from({ length: 1400 }, (_, i) => ({
    domain: `d${Math.floor(i / 2)}.example`,
    vmta: `vmta-${i % 2}`,
    rcp: (i * 7 + round * 13) % 500,
    backoff: (i + round) % 9 === 0,
    error: (i + round) % 11 === 0 ? { time: `2026-11-26 10:0${round}:00`, text: `421 4.7.0 try later ${i}` } : undefined,
  }));
}

describe('HistorySampler.sampleInSteps', () => {
  it('stores the same rows as sample(), in several steps', () => {
    const once = setup();
    const steps = setup();
    let ran = 0;
    const pending: (() => void)[] = [];
    const enqueue = (s: () => void) => pending.push(s);
    for (let round = 0; round < 3; round++) {
      const snap = snapshot('a', T0 + round * 10 * S, fakeStatus(1000 + round * 100), fakeTable(queues(round)), round + 1);
      once.sampler.sample('a', snap);
      steps.sampler.sampleInSteps('a', snap, enqueue);
      while (pending.length) {
        pending.shift()!();
        ran++;
      }
    }
    expect(ran).toBeGreaterThan(3 * 4); // prepare, node, ≥ 2 domain chunks, queue chunks, events per round
    expect(dump(steps.db)).toEqual(dump(once.db));
  });
});
