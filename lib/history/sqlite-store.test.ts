// The history store's behaviour, the same assertions on SQLite and on PostgreSQL (the pruning
// in bounded chunks is SQLite's; PostgreSQL's partition drops are in pg-store.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { STORE_BACKENDS, type StoreBackend } from '@/lib/store/__fixtures__/backends';
import { openDatabase } from '@/lib/store/db';
import { SqliteHistoryStore } from './sqlite-store';
import { HistorySampler } from './sampler';
import { openHistoryStore, type TestHistoryStore } from './__fixtures__/stores';
import { fakeStatus, fakeTable, snapshot } from '@/lib/history/__fixtures__/snapshots';
import type { Point } from './api-types';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;
const T0 = 1_700_000_000_000 - (1_700_000_000_000 % H); // an hour boundary
const retention = { raw: D, minute: 7 * D, hour: 90 * D };

const SAMPLER = { topDomainsPerNode: 3, queueSeriesDomains: 2, maxQueueRowsPerNode: 100, gapMs: 30 * S };
const open: TestHistoryStore[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
});

async function setupOn(kind: StoreBackend) {
  const h = await openHistoryStore(kind, { retention, pollIntervalMs: 10 * S, gapMs: 30 * S });
  open.push(h);
  return { h, store: h.store, sampler: new HistorySampler(h.store, SAMPLER) };
}

function setupSqlite() {
  const db = openDatabase(':memory:');
  const store = new SqliteHistoryStore(db, { retention, pollIntervalMs: 10 * S, gapMs: 30 * S });
  return { db, store, sampler: new HistorySampler(store, SAMPLER) };
}

const values = (pts: Point[]) => pts.map((p) => p[1]);
const total = (pts: Point[]) => pts.reduce((s, p) => s + (p[1] ?? 0), 0);

function fillSync(sampler: HistorySampler, minutes: number) {
  for (let i = 0; i <= minutes * 2; i++) {
    const at = T0 + i * 30 * S;
    const queues = fakeTable([{ domain: 'yahoo.com', rcp: 100 }, ...(i % 2 === 0 ? [{ domain: 'gmail.com', rcp: 400, vmta: 'vmta-2' }] : [])]);
    sampler.sample('a', snapshot('a', at, fakeStatus(i * 30, 0, 500), queues));
  }
}

describe.each(STORE_BACKENDS)('history store: rates from stored samples (%s)', (kind) => {
  const setup = () => setupOn(kind);
  it('steady 600/min, a counter reset, a long gap: no negatives, no spike, the line breaks across the gap', async () => {
    const { store, sampler } = await setup();
    let out = 5000;
    const poll = (at: number) => sampler.record('a', snapshot('a', at, fakeStatus(out), null));
    for (let i = 0; i <= 12; i++, out += 100) await poll(T0 + i * 10 * S); // 0..120 s
    out = 40; // PowerMTA restarted between 120 s and 130 s, then counted 40
    await poll(T0 + 130 * S);
    out = 140;
    await poll(T0 + 140 * S);
    // 3-minute gap (node unreachable): 1800 delivered meanwhile
    out += 1800;
    await poll(T0 + 320 * S);
    out += 100;
    await poll(T0 + 330 * S);

    const r = await store.query('rate.out.rcp', { node: 'a' }, T0, T0 + 340 * S, undefined, T0 + 340 * S);
    expect(r).toMatchObject({ tier: 'raw', step: 10 * S });
    const v = values(r.series[0]!.points);
    expect(v[0]).toBeNull(); // first sample: no previous
    expect(v.slice(1, 13)).toEqual(Array(12).fill(600));
    expect(v[13]).toBe(240); // reset: 40 since the reset, over 10 s
    expect(v[14]).toBe(600);
    // The gap: carried for the threshold (30 s), then null, then the average over the gap.
    expect(v.slice(15, 18)).toEqual([600, 600, 600]);
    expect(v.slice(18, 32).every((x) => x === null)).toBe(true);
    expect(v[32]).toBe(600);
    expect(v.every((x) => x === null || (x >= 0 && x <= 600))).toBe(true);

    const c = await store.query('count.out.rcp', { node: 'a' }, T0, T0 + 340 * S, undefined, T0 + 340 * S);
    expect(total(c.series[0]!.points)).toBe(1200 + 40 + 100 + 1800 + 100);
  });

  it('ignores a sample whose receive time goes backwards and sums the fleet over nodes', async () => {
    const { store, sampler } = await setup();
    for (const [node, perPoll] of [
      ['a', 100],
      ['b', 50],
    ] as const) {
      for (let i = 0; i <= 6; i++) await sampler.record(node, snapshot(node, T0 + i * 10 * S, fakeStatus(i * perPoll), null));
    }
    expect(await sampler.record('a', snapshot('a', T0 + 55 * S, fakeStatus(9999), null))).toBeNull();
    const r = await store.query('rate.out.rcp', {}, T0, T0 + 70 * S, undefined, T0 + 70 * S);
    expect(r.series.map((s) => s.key)).toEqual(['fleet']);
    expect(values(r.series[0]!.points).slice(1, 7)).toEqual(Array(6).fill(900));
    const split = await store.query('rate.out.rcp', { split: 'node' }, T0, T0 + 70 * S, undefined, T0 + 70 * S);
    expect(split.series.map((s) => s.key)).toEqual(['a', 'b']);
  });
});

describe.each(STORE_BACKENDS)('history store: rollups and retention (injected clock) (%s)', (kind) => {
  const setup = () => setupOn(kind);
  async function fill(sampler: HistorySampler, minutes: number) {
    // Two polls per minute on one node; 30 delivered per poll; gmail backlog present every other poll.
    for (let i = 0; i <= minutes * 2; i++) {
      const at = T0 + i * 30 * S;
      const queues = fakeTable([{ domain: 'yahoo.com', rcp: 100 }, ...(i % 2 === 0 ? [{ domain: 'gmail.com', rcp: 400, vmta: 'vmta-2' }] : [])]);
      await sampler.record('a', snapshot('a', at, fakeStatus(i * 30, 0, 500), queues));
    }
  }

  it('1-minute and 1-hour rollups keep totals and averages; queries across tiers agree', async () => {
    const { store, sampler } = await setup();
    await fill(sampler, 150); // 2.5 hours
    const now = T0 + 150 * MIN + 10 * S;
    let r;
    do r = await store.rollup(now);
    while (r.more);
    expect(await store.watermarks()).toEqual({ minute: T0 + 150 * MIN, hour: T0 + 2 * H });

    const raw = await store.query('count.out.rcp', { node: 'a' }, T0, now, 30 * S, now);
    const minute = await store.query('count.out.rcp', { node: 'a' }, T0, now, 60 * S, now);
    const hour = await store.query('count.out.rcp', { node: 'a' }, T0, now, H, now);
    expect([raw.tier, minute.tier, hour.tier]).toEqual(['raw', '1m', '1h']);
    expect(total(raw.series[0]!.points)).toBe(300 * 30);
    expect(total(minute.series[0]!.points)).toBe(300 * 30);
    expect(total(hour.series[0]!.points)).toBe(300 * 30);
    expect(values(hour.series[0]!.points)).toEqual([119 * 30, 120 * 30, 61 * 30]); // the first poll has no previous one
    // Rates are the same at every resolution.
    for (const step of [60 * S, H]) {
      const rate = await store.query('rate.out.rcp', { node: 'a' }, T0 + 10 * MIN, T0 + 120 * MIN, step, now);
      expect(values(rate.series[0]!.points).every((v) => v === 60)).toBe(true);
    }
    // gmail is listed in every other poll: its average backlog is 200, not 400, at every tier.
    for (const step of [60 * S, H]) {
      const g = await store.query('domain.backlog', { domain: 'gmail.com' }, T0, T0 + 120 * MIN, step, now);
      expect(values(g.series[0]!.points).every((v) => v === 200)).toBe(true);
    }
    // …while its one queue averages over the polls that listed it.
    const q = await store.query('queue.backlog', { domain: 'gmail.com' }, T0, T0 + 120 * MIN, H, now);
    expect(q.series.map((s) => s.key)).toEqual(['a/vmta-2']);
    expect(values(q.series[0]!.points)).toEqual([400, 400]);
    // Top domains with an "other" series when the limit cuts.
    const top = await store.query('domain.backlog', { top: 1 }, T0, T0 + 120 * MIN, H, now);
    expect(top.series.map((s) => [s.key, s.points[0]![1]])).toEqual([
      ['gmail.com', 200],
      ['other', 100],
    ]);
  });
});

describe.each(STORE_BACKENDS)('history sampler: queue events and backoff periods (%s)', (kind) => {
  const setup = () => setupOn(kind);
  it('writes mode changes, pauses and new errors once, and rebuilds backoff periods', async () => {
    const { h, store, sampler } = await setup();
    const err = (n: number) => ({ time: `2026-01-01 00:00:0${n}`, text: `421 4.7.28 try ${n}` });
    const polls = [
      [{ domain: 'gmail.com', rcp: 10 }],
      [{ domain: 'gmail.com', rcp: 20, backoff: true, error: err(1) }],
      [{ domain: 'gmail.com', rcp: 30, backoff: true, error: err(1) }],
      [{ domain: 'gmail.com', rcp: 40, backoff: true, error: err(2) }],
      [{ domain: 'gmail.com', rcp: 40, paused: true }],
      [{ domain: 'gmail.com', rcp: 40 }],
    ];
    for (const [i, q] of polls.entries()) await sampler.record('a', snapshot('a', T0 + i * 10 * S, fakeStatus(i), fakeTable(q)));
    const events = await h.rows<{ at: number; kind: string; text: string | null }>('SELECT at, kind, text FROM hist_event ORDER BY at, kind');
    expect(events.map((e) => [(e.at - T0) / S, e.kind])).toEqual([
      [10, 'backoff'],
      [10, 'error'],
      [30, 'error'],
      [40, 'normal'],
      [40, 'paused'],
      [50, 'resumed'],
    ]);
    expect(await store.backoffPeriods('gmail.com', T0, T0 + H)).toEqual([
      { node: 'a', queue: 'gmail.com/vmta-1', from: T0 + 10 * S, to: T0 + 40 * S, reason: '421 4.7.28 try 1' },
    ]);
  });

  it('after a console restart, a queue still in backoff is not re-announced and its end is recorded', async () => {
    const { store, sampler } = await setup();
    await sampler.record('a', snapshot('a', T0, fakeStatus(0), fakeTable([{ domain: 'gmail.com', rcp: 5, backoff: true }])));
    const again = new HistorySampler(store, SAMPLER);
    expect((await again.record('a', snapshot('a', T0 + 10 * S, fakeStatus(5), fakeTable([{ domain: 'gmail.com', rcp: 5, backoff: true }]))))?.events).toEqual(
      [],
    );
    await again.record('a', snapshot('a', T0 + 20 * S, fakeStatus(9), fakeTable([{ domain: 'gmail.com', rcp: 0 }])));
    expect(await store.backoffPeriods('gmail.com', T0, T0 + H)).toMatchObject([{ from: T0, to: T0 + 20 * S }]);
    // Rates continue across the restart from the stored counters.
    const r = await store.query('rate.out.rcp', { node: 'a' }, T0, T0 + 30 * S, undefined, T0 + 30 * S);
    expect(values(r.series[0]!.points)).toEqual([null, 30, 24]);
  });
});

describe.each(STORE_BACKENDS)('history store: a node dropping out is not read as deliveries (%s)', (kind) => {
  const setup = () => setupOn(kind);
  it('per-domain delivered-from-backlog stays 0 when a node with a paused backlog stops answering', async () => {
    const { store, sampler } = await setup();
    // gmail paused everywhere: 1000 recipients on each node, constant.
    const table = () => fakeTable([{ domain: 'gmail.com', rcp: 1000 }]);
    for (let i = 0; i <= 30; i++) {
      const at = T0 + i * 10 * S;
      await sampler.record('a', snapshot('a', at, fakeStatus(0), table()));
      if (i <= 10) await sampler.record('b', snapshot('b', at, fakeStatus(0), table())); // b stops answering after 100 s
    }
    const end = T0 + 310 * S;
    const r = await store.query('domain.delivered', { domain: 'gmail.com' }, T0, end, undefined, end);
    expect(r.source).toBe('backlog');
    const pts = values(r.series[0]!.points);
    expect(pts.filter((v) => v !== null).length).toBeGreaterThan(20);
    expect(Math.max(...pts.map((v) => v ?? 0))).toBe(0);
    // The backlog chart still shows b leaving (2000 → 1000): the drop is real, it just is not delivery.
    const backlog = values((await store.query('domain.backlog', { domain: 'gmail.com' }, T0, end, undefined, end)).series[0]!.points);
    expect(backlog[1]).toBe(2000);
    expect(backlog[backlog.length - 1]).toBe(1000);
  });
});

describe('history store on SQLite: retention in bounded chunks', () => {
  it('prunes raw rows after 24 h (only once rolled up), 1-minute after 7 d, in bounded chunks', async () => {
    const { store, sampler, db } = setupSqlite();
    fillSync(sampler, 10);
    // Domain and queue rows carry their poll's resolution (schema v2).
    const count = (t: string, res: number) =>
      (
        db
          .prepare(
            t === 'hist_domain' || t === 'hist_queue'
              ? `SELECT count(*) AS n FROM ${t} JOIN hist_poll p ON p.id = poll WHERE p.res = ?`
              : `SELECT count(*) AS n FROM ${t} WHERE res = ?`,
          )
          .get(res) as { n: number }
      ).n;
    const rawRows = count('hist_domain', 0);
    expect(rawRows).toBe(21 + 11);
    // A day later: nothing rolled up yet → nothing raw may go.
    expect(store.prune(T0 + D + H, 5)).toBe(0);
    while (store.rollup(T0 + D + H).more);
    let chunks = 0;
    let n;
    while ((n = store.prune(T0 + D + H, 5))) {
      expect(n).toBeLessThanOrEqual(5);
      chunks++;
    }
    expect(chunks).toBeGreaterThan(5);
    expect(count('hist_node', 0) + count('hist_domain', 0) + count('hist_queue', 0) + count('hist_poll', 0)).toBe(0);
    expect(count('hist_node', 60)).toBe(11);
    expect(count('hist_node', 3600)).toBe(1);
    // Still answerable from the rollups.
    const c = await store.query('count.out.rcp', {}, T0, T0 + 11 * MIN, 60 * S, T0 + D + H);
    expect(c.tier).toBe('1m');
    expect(total(c.series[0]!.points)).toBe(20 * 30);
    // 8 days later the minute rows are gone, the hour row stays for 90 days.
    while (store.prune(T0 + 8 * D, 1000));
    expect(count('hist_node', 60)).toBe(0);
    expect(count('hist_node', 3600)).toBe(1);
    while (store.prune(T0 + 91 * D, 1000));
    expect(count('hist_node', 3600)).toBe(0);
  });
});
