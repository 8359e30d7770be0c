// PostgreSQL's own part of the history store: the sample tables are partitioned by resolution
// and day, maintenance creates partitions ahead, a write outside them creates its own, and
// retention drops whole partitions (checked in the catalog, pg_inherits) instead of deleting rows.
import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore } from '@/lib/store/__fixtures__/backends';
import type { ConsoleStore } from '@/lib/store/store';
import { CompiledQuery } from 'kysely';
import { PgHistoryStore } from './pg-store';
import { HistoryMaintenance } from './maintenance';
import { COUNTERS, DOMAIN_GAUGES, NODE_GAUGES } from './metrics';
import type { DomainSampleRow, PollBatch } from './store';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;
const T0 = Date.UTC(2026, 11, 1, 0, 0, 0);
const OPTS = { retention: { raw: D, minute: 7 * D, hour: 90 * D }, pollIntervalMs: 10 * S, gapMs: 30 * S };

const open: ConsoleStore[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

async function setup() {
  const cs = await openTestStore('postgres');
  open.push(cs);
  const store = new PgHistoryStore(cs, OPTS);
  const q = async <T = Record<string, unknown>>(text: string) => (await cs.sql.executeQuery<T>(CompiledQuery.raw(text))).rows;
  /** Partition names per parent table, from the catalog. */
  const partitions = async (parent: string) =>
    (
      await q<{ name: string }>(
        `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = '${parent}'::regclass ORDER BY 1`,
      )
    ).map((r) => r.name);
  const count = async (table: string, res?: number) =>
    Number((await q<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}${res === undefined ? '' : ` WHERE res = ${res}`}`))[0]!.n);
  return { cs, store, q, partitions, count };
}

const vals = (rcp: number) => Object.fromEntries(DOMAIN_GAUGES.map((g) => [g, g === 'rcp' ? rcp : 0])) as DomainSampleRow['values'];

function pollAt(at: number, domains: number, queuesPerDomain: number, i = 0): PollBatch {
  const ds = Array.from({ length: domains }, (_, d) => ({ domain: `d${d}.example`, values: vals(100 + d) }));
  const qs = ds.flatMap((d) => Array.from({ length: queuesPerDomain }, (_, v) => ({ domain: d.domain, vmta: `vmta-${v}`, values: vals(10 + v) })));
  return {
    node: {
      node: 'a',
      at,
      dtMs: i === 0 ? null : 10 * S,
      totals: Object.fromEntries(COUNTERS.map((c) => [c, i * 10])) as never,
      deltas: i === 0 ? null : (Object.fromEntries(COUNTERS.map((c) => [c, 10])) as never),
      gauges: Object.fromEntries(NODE_GAUGES.map((g) => [g, 1])) as never,
    },
    queues: { node: 'a', at, domains: ds, queues: qs },
    events: [{ at, node: 'a', queue: 'd0.example/vmta-0', domain: 'd0.example', vmta: 'vmta-0', kind: i % 2 ? 'backoff' : 'normal', text: null }],
  };
}

describe('history on PostgreSQL: partitions', () => {
  it('maintenance creates today’s and tomorrow’s partitions ahead; a write outside them creates its own', async () => {
    const { store, partitions, count } = await setup();
    await new HistoryMaintenance(store, { intervalMs: 60_000, pruneChunkRows: 1000, now: () => T0 + 12 * H }).runOnce();
    expect(await partitions('hist_queue')).toEqual(['hist_queue_r0_20261201', 'hist_queue_r0_20261202']);
    expect(await partitions('hist_event')).toEqual(['hist_event_20261201', 'hist_event_20261202']);
    // A month back (a node's clock, a replayed batch): its day's partitions appear, the rows land.
    const old = Date.UTC(2026, 10, 1, 8, 0, 0);
    await store.writePoll(pollAt(old, 3, 2));
    for (const t of ['hist_node', 'hist_poll', 'hist_domain', 'hist_queue']) expect(await partitions(t)).toContain(`${t}_r0_20261101`);
    expect(await partitions('hist_event')).toContain('hist_event_20261101');
    expect([await count('hist_domain', 0), await count('hist_queue', 0), await count('hist_event')]).toEqual([3, 6, 1]);
  });

  it('retention drops expired partitions (raw after a day once rolled up, 1-minute after 7 days), not rows', async () => {
    const { store, partitions, count } = await setup();
    for (let i = 0; i < 30; i++) await store.writePoll(pollAt(T0 + 8 * H + i * 10 * S, 4, 2, i));
    while ((await store.rollup(T0 + D + H)).more);
    // Rollups create their partitions (hour rows: a week each, aligned to the epoch: a Thursday).
    expect(await partitions('hist_node')).toEqual(expect.arrayContaining(['hist_node_r0_20261201', 'hist_node_r3600_20261126', 'hist_node_r60_20261201']));
    const rawRows = await count('hist_queue', 0);
    expect(rawRows).toBe(30 * 8);
    // Two days later the raw day has expired: one step drops its four partitions together.
    const removed = await store.prune(T0 + 2 * D + H);
    expect(removed).toBeGreaterThan(0);
    for (const t of ['hist_node', 'hist_poll', 'hist_domain', 'hist_queue']) {
      const now = await partitions(t);
      expect(now.some((n) => n.includes('_r0_'))).toBe(false);
      expect(now).toEqual(expect.arrayContaining([`${t}_r3600_20261126`, `${t}_r60_20261201`]));
    }
    expect(await count('hist_queue', 60)).toBeGreaterThan(0);
    expect(await partitions('hist_event')).toEqual(['hist_event_20261201']); // events stay 90 days (hour retention)
    expect(await store.prune(T0 + 2 * D + H)).toBe(0);
    // Still answerable from the rollups.
    const c = await store.query('count.out.rcp', {}, T0 + 8 * H, T0 + 8 * H + 5 * MIN, 60 * S, T0 + 2 * D + H);
    expect(c.tier).toBe('1m');
    expect(c.series[0]!.points.reduce((s, p) => s + (p[1] ?? 0), 0)).toBe(29 * 10);
    // 8 days on, the minute partitions go; the hour rows (a week per partition) stay for 90 days.
    while ((await store.prune(T0 + 9 * D)) > 0);
    expect(await partitions('hist_node')).not.toContain('hist_node_r60_20261201');
    expect(await partitions('hist_node')).toContain('hist_node_r3600_20261126');
    expect(await count('hist_node', 3600)).toBe(1);
    while ((await store.prune(T0 + 100 * D)) > 0);
    expect((await partitions('hist_node')).some((n) => n.includes('_r3600_'))).toBe(false);
    expect(await partitions('hist_event')).toEqual([]);
  });

  it('a partition dropped by another replica is created again by the next write', async () => {
    const { cs, store, count } = await setup();
    await store.writePoll(pollAt(T0 + H, 2, 1));
    // Another replica (its own store over the same database) drops the day this one still knows.
    const other = new PgHistoryStore(cs, OPTS);
    await other.partitions.ensure(0, [T0]);
    await cs.sql.executeQuery(CompiledQuery.raw('DROP TABLE hist_node_r0_20261201, hist_poll_r0_20261201, hist_domain_r0_20261201, hist_queue_r0_20261201'));
    await store.writePoll(pollAt(T0 + 2 * H, 2, 1, 1));
    expect([await count('hist_poll', 0), await count('hist_queue', 0)]).toEqual([1, 2]);
  });

  it('a 100k-queue poll (500 domain rows, 2,000 queue rows) is one transaction; rows/s measured', async () => {
    const { store, count } = await setup();
    await store.writePoll(pollAt(T0, 500, 4)); // names and partitions first
    const polls = 10;
    const t = performance.now();
    for (let i = 1; i <= polls; i++) await store.writePoll(pollAt(T0 + i * 10 * S, 500, 4, i));
    const ms = performance.now() - t;
    const rows = polls * (1 + 1 + 500 + 2000 + 1);
    console.log(`[history/pg] ${polls} polls of 2,503 rows: ${(ms / polls).toFixed(1)} ms/poll, ${Math.round((rows / ms) * 1000)} rows/s`);
    expect(await count('hist_queue', 0)).toBe((polls + 1) * 2000);
  });
});
