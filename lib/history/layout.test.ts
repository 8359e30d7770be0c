// The compact history layout (schema v2: name ids, rows clustered per poll) must answer exactly
// what the v1 row layout answered. Differential: the same generated polls go into the real store
// and into the v1 store kept as a test oracle (__fixtures__/v1), with rollups and pruning on the
// same simulated clock, and every metric × filter × resolution must give the same series.
import { mulberry32 } from '@/sim/core/prng';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '@/lib/store/db';
import { openTestStore } from '@/lib/store/__fixtures__/backends';
import type { ConsoleStore } from '@/lib/store/store';
import { SqliteHistoryStore } from './sqlite-store';
import { PgHistoryStore } from './pg-store';
import { V1HistoryStore } from './__fixtures__/v1/sqlite-store';
import { COUNTERS, DOMAIN_GAUGES, NODE_GAUGES, type MetricName } from './metrics';
import type { DomainSampleRow, HistoryStore, PollBatch, QueryFilters, QueryResult, QueueSampleRow } from './store';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const T0 = Date.UTC(2026, 10, 26, 0, 0, 0);
const OPTS = { retention: { raw: 4 * H, minute: 8 * H, hour: 90 * 24 * H }, pollIntervalMs: 10 * S, gapMs: 30 * S };

/** Seeded (the simulator's mulberry32), so a failure reproduces. */
const rng = mulberry32;

const DOMAINS = [...Array.from({ length: 24 }, (_, i) => `d${i}.example`), 'gmail.com', '(other)'];
const VMTAS = ['vmta-1', 'vmta-2', 'pool/a'];

/** One poll of one node: a varying subset of domains (absent = no backlog), queues for some. */
function poll(r: () => number, node: string, at: number, i: number): PollBatch {
  const values = () => Object.fromEntries(DOMAIN_GAUGES.map((g) => [g, g === 'rcp' || g === 'kb' ? Math.floor(r() * 5000) : Math.floor(r() * 4)]));
  const domains: DomainSampleRow[] = DOMAINS.filter(() => r() < 0.7).map((domain) => ({ domain, values: values() as DomainSampleRow['values'] }));
  const queues: QueueSampleRow[] = domains
    .filter(() => r() < 0.5)
    .flatMap((d) => VMTAS.filter(() => r() < 0.6).map((vmta) => ({ domain: d.domain, vmta, values: values() as DomainSampleRow['values'] })));
  const totals = Object.fromEntries(COUNTERS.map((c) => [c, i * 100 + Math.floor(r() * 50)]));
  const deltas = i === 0 ? null : Object.fromEntries(COUNTERS.map((c) => [c, Math.floor(r() * 200)]));
  const gauges = Object.fromEntries(NODE_GAUGES.map((g) => [g, Math.floor(r() * 1000)]));
  return {
    node: { node, at, dtMs: i === 0 ? null : 10 * S, totals, deltas, gauges } as PollBatch['node'],
    queues: { node, at, domains, queues },
  };
}

interface Pair {
  v2: SqliteHistoryStore;
  v1: V1HistoryStore;
  db2: Db;
}

/** `hours` of polls of nodes a, b (b misses a stretch) and c (joins late), maintenance every minute. */
function writeDay(hours: number, pruneChunk = 700): Pair {
  const db1 = openDatabase(':memory:');
  const db2 = openDatabase(':memory:');
  const v1 = new V1HistoryStore(db1, OPTS);
  const v2 = new SqliteHistoryStore(db2, OPTS);
  const r = rng(42);
  const polls = (hours * H) / (10 * S);
  for (let i = 0; i < polls; i++) {
    const at = T0 + i * 10 * S;
    for (const node of ['a', 'b', 'c']) {
      if (node === 'b' && i > polls * 0.3 && i < polls * 0.45) continue; // b is down for a while
      if (node === 'c' && i < polls * 0.6) continue; // c is added later
      // Receive times jitter within the interval, as real polls do.
      const b = poll(r, node, at + Math.floor(r() * 900), i);
      v1.writePoll(b);
      v2.writePoll(b);
    }
    if (i % 6 === 5) {
      for (const s of [v1, v2]) {
        while (s.rollup(at).more);
        while (s.prune(at, pruneChunk) > 0);
      }
    }
  }
  return { v1, v2, db2 };
}

/** Series values rounded to 9 significant digits: the layouts sum the same floats in another order. */
function norm(q: QueryResult): QueryResult {
  const round = (v: number | null) => (v === null ? null : Number(v.toPrecision(9)));
  return { ...q, series: q.series.map((s) => ({ ...s, points: s.points.map(([t, v]) => [t, round(v)] as [number, number | null]) })) };
}

const QUERIES: [MetricName, QueryFilters][] = [
  ['rate.out.rcp', {}],
  ['rate.out.rcp', { split: 'node' }],
  ['node.queued.rcp', { node: 'b' }],
  ['domain.backlog', {}],
  ['domain.backlog', { top: 3 }],
  ['domain.backlog', { node: 'a', top: 5 }],
  ['domain.backlog', { domain: 'gmail.com' }],
  ['domain.backlog', { domain: 'D3.example', node: 'b' }],
  ['domain.backlog.kb', { domain: 'd7.example' }],
  ['domain.conn', {}],
  ['domain.backoff', { domain: 'd1.example' }],
  ['domain.paused', { top: 2 }],
  ['domain.backlog', { domain: 'never-seen.example' }],
  ['queue.backlog', { domain: 'gmail.com' }],
  ['queue.backlog', { domain: 'd2.example', top: 2 }],
  ['queue.backoff', { domain: 'd5.example', node: 'c' }],
  ['domain.drain', { domain: 'gmail.com' }],
  ['domain.delivered', { domain: 'd4.example' }],
];

async function expectSameAnswers(pair: { v1: HistoryStore; v2: HistoryStore }, now: number, ranges: [number, number, number | undefined][]) {
  let compared = 0;
  for (const [from, to, step] of ranges) {
    for (const [metric, filters] of QUERIES) {
      const want = norm(await pair.v1.query(metric, filters, from, to, step, now));
      const got = norm(await pair.v2.query(metric, filters, from, to, step, now));
      expect(got, `${metric} ${JSON.stringify(filters)} ${from - T0}..${to - T0} step ${step}`).toEqual(want);
      compared += want.series.reduce((n, s) => n + s.points.filter(([, v]) => v !== null).length, 0);
    }
  }
  return compared;
}

describe('history layout v2 answers what the v1 layout answered', () => {
  it('every metric, filter and resolution over 10 generated hours with rollups and pruning', async () => {
    const pair = writeDay(10);
    const now = T0 + 10 * H;
    const compared = await expectSameAnswers(pair, now, [
      [now - 20 * MIN, now, undefined], // raw, not yet rolled up at the end
      [now - 3 * H, now, 30 * S], // raw, several buckets per step
      [now - 5 * H, now - 2 * H, 60 * S], // 1-minute rollups, raw after the watermark
      [now - 7 * H, now, 5 * MIN], // 1-minute tier, raw pruned after 4 h, gap and late node
      [T0, now, H], // 1-hour rollups + minute + raw segments
      [T0 + 2 * H + 17 * MIN, T0 + 9 * H + 3 * MIN, 2 * H], // unaligned range, coarse step
    ]);
    expect(compared).toBeGreaterThan(2000); // the comparison is over real values, not empty series
  }, 240_000);

  it('keeps no domain or queue row without its poll, and drops expired rows like v1', () => {
    const { v1, v2, db2 } = writeDay(6, 200);
    const orphans = db2
      .prepare(
        'SELECT (SELECT count(*) FROM hist_domain WHERE poll NOT IN (SELECT id FROM hist_poll)) + (SELECT count(*) FROM hist_queue WHERE poll NOT IN (SELECT id FROM hist_poll)) AS n',
      )
      .pluck()
      .get();
    expect(orphans).toBe(0);
    const db1 = v1.db;
    for (const res of [0, 60, 3600]) {
      const count1 = (t: string) => db1.prepare(`SELECT count(*) FROM ${t} WHERE res = ?`).pluck().get(res);
      const count2 = (t: string) => db2.prepare(`SELECT count(*) FROM ${t} JOIN hist_poll p ON p.id = poll WHERE p.res = ?`).pluck().get(res);
      expect([res, count2('hist_domain'), count2('hist_queue')]).toEqual([res, count1('hist_domain'), count1('hist_queue')]);
      expect(db2.prepare('SELECT count(*) FROM hist_poll WHERE res = ?').pluck().get(res)).toBe(
        db1.prepare('SELECT count(*) FROM hist_poll WHERE res = ?').pluck().get(res),
      );
    }
    // Raw rows older than the 4 h retention are gone (they were rolled up first).
    const oldestRaw = db2.prepare('SELECT MIN(at) FROM hist_poll WHERE res = 0').pluck().get() as number;
    expect(oldestRaw).toBeGreaterThanOrEqual(T0 + 6 * H - 4 * H - 60 * S);
    expect(v2.watermarks()).toEqual(v1.watermarks());
  }, 240_000);

  it('migration 2 converts a v1 database: the same answers afterwards', async () => {
    const db = openDatabase(':memory:');
    const v1 = new V1HistoryStore(db, OPTS);
    const r = rng(7);
    for (let i = 0; i < 2 * 360; i++) {
      for (const node of ['a', 'b']) v1.writePoll(poll(r, node, T0 + i * 10 * S + 5, i));
      if (i % 6 === 5) while (v1.rollup(T0 + i * 10 * S).more);
    }
    const now = T0 + 2 * H;
    const ranges: [number, number, number | undefined][] = [
      [now - 30 * MIN, now, undefined],
      [T0, now, 60 * S],
      [T0, now, H],
    ];
    const before = ranges.flatMap(([f, t, s]) => QUERIES.map(([m, q]) => norm(v1.query(m, q, f, t, s, now))));
    const v2 = new SqliteHistoryStore(db, OPTS);
    const after: QueryResult[] = [];
    for (const [f, t, s] of ranges) for (const [m, q] of QUERIES) after.push(norm(await v2.query(m, q, f, t, s, now)));
    expect(after).toEqual(before);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'hist_%' ORDER BY name").pluck().all();
    expect(tables).toEqual(['hist_domain', 'hist_event', 'hist_meta', 'hist_name', 'hist_node', 'hist_poll', 'hist_queue']);
    // …and it keeps writing and rolling up on the converted tables.
    v2.writePoll(poll(r, 'a', now + 10 * S, 721));
    while (v2.rollup(now + 2 * MIN).more);
    expect((await v2.query('domain.backlog', { node: 'a' }, now, now + MIN, 60 * S, now + 2 * MIN)).series.length).toBeGreaterThan(0);
  }, 120_000);
});

describe('history on PostgreSQL answers what SQLite answers', () => {
  const stores: ConsoleStore[] = [];
  afterAll(async () => {
    for (const s of stores) await s.close();
  });

  it('every metric, filter and resolution over 2.5 generated hours with rollups and retention', async () => {
    // Shorter retention than OPTS, so that 2.5 hours (~2,000 PostgreSQL polls) see raw and
    // 1-minute rows expire; SQLite deletes rows, PostgreSQL keeps whole days until they expire,
    // and no query may tell the difference.
    const opts = { ...OPTS, retention: { raw: H, minute: 2 * H, hour: 90 * 24 * H } };
    const consoleStore = await openTestStore('postgres');
    stores.push(consoleStore);
    const pg = new PgHistoryStore(consoleStore, opts);
    const lite = new SqliteHistoryStore(openDatabase(':memory:'), opts);
    const r = rng(42);
    const polls = (2.5 * H) / (10 * S);
    for (let i = 0; i < polls; i++) {
      const at = T0 + i * 10 * S;
      for (const node of ['a', 'b', 'c']) {
        if (node === 'b' && i > polls * 0.3 && i < polls * 0.45) continue;
        if (node === 'c' && i < polls * 0.2) continue;
        const b = poll(r, node, at + Math.floor(r() * 900), i);
        lite.writePoll(b);
        await pg.writePoll(b);
      }
      if (i % 6 === 5) {
        while (lite.rollup(at).more);
        while (lite.prune(at, 700) > 0);
        while ((await pg.rollup(at)).more);
        while ((await pg.prune(at)) > 0);
      }
    }
    const now = T0 + 2.5 * H;
    expect(await pg.watermarks()).toEqual(lite.watermarks());
    const compared = await expectSameAnswers({ v1: lite, v2: pg }, now, [
      [now - 20 * MIN, now, undefined], // raw, not yet rolled up at the end
      [now - H, now, 30 * S], // raw, several buckets per step
      [now - 2 * H, now - 30 * MIN, 60 * S], // 1-minute rollups, raw after the watermark
      [T0, now, 5 * MIN], // 1-hour tier (past minute retention) + minute + raw segments
      [T0 + 17 * MIN, T0 + 2 * H + 3 * MIN, H], // unaligned range, coarse step
    ]);
    expect(compared).toBeGreaterThan(1000);
  }, 400_000);
});
