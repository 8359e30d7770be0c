// History against the real simulator and the real fleet: a simulated hour on a manual clock,
// polled every interval, with a `reset counters` half-way. What the store and the rates say was
// delivered must match the simulator's own tally (which `reset counters` does not touch).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startSimNode, type SimNodeHandle } from '@/sim';
import { configSchema } from '@/lib/config/schema';
import { Fleet } from '@/lib/fleet/fleet';
import { ParsePool } from '@/lib/fleet/parse-pool';

import { STORE_BACKENDS } from '@/lib/store/__fixtures__/backends';
import { HistorySampler } from './sampler';
import { openHistoryStore, type TestHistoryStore } from './__fixtures__/stores';

const pool = new ParsePool(); // one parse worker for this file's fleets

const T0 = Date.UTC(2026, 0, 12, 9, 0, 0);
const POLL_S = 10;
let sim: SimNodeHandle | undefined;
let fleet: Fleet | undefined;
let opened: TestHistoryStore | undefined;

afterEach(async () => {
  vi.useRealTimers();
  fleet?.stop();
  await sim?.stop();
  await opened?.close();
  sim = undefined;
  fleet = undefined;
  opened = undefined;
});

describe.each(STORE_BACKENDS)('history over a simulated hour (%s)', (kind) => {
  it('stored deltas and integrated rates match the simulator delivered count within 1%, across a counter reset', async () => {
    sim = await startSimNode({ id: 'a', tickMs: 0, seed: 11, startTime: T0, randomEpisodes: false });
    sim.advance(300); // warm up: a backlog and steady delivery
    // The console's receive clock follows the simulated clock: only Date is faked (before the
    // fleet captures Date.now), timers and sockets stay real.
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = T0 + 300_000;
    vi.setSystemTime(start);
    const config = configSchema.parse({ pollIntervalSeconds: POLL_S, nodes: [{ id: 'a', url: sim.url }] });
    fleet = new Fleet(config, pool);
    opened = await openHistoryStore(kind, {
      retention: { raw: 86_400_000, minute: 7 * 86_400_000, hour: 90 * 86_400_000 },
      pollIntervalMs: POLL_S * 1000,
      gapMs: 3 * POLL_S * 1000,
    });
    const store = opened.store;
    const sampler = new HistorySampler(store, { topDomainsPerNode: 500, queueSeriesDomains: 50, maxQueueRowsPerNode: 2000, gapMs: 3 * POLL_S * 1000 });
    fleet.onPoll(sampler.onPoll);

    expect((await fleet.pollAll())[0]!.ok).toBe(true);
    const delivered0 = sim.state().counts.delivered;
    const steps = 3600 / POLL_S;
    const deliveredAt = new Map<number, number>();
    for (let i = 1; i <= steps; i++) {
      sim.advance(POLL_S);
      vi.setSystemTime(start + i * POLL_S * 1000);
      const [o] = await fleet.pollAll();
      expect(o!.ok).toBe(true);
      deliveredAt.set(i, sim.state().counts.delivered);
      if (i === steps / 2) sim.command('reset counters');
    }
    await sampler.idle(); // PostgreSQL: the last polls' writes
    const delivered = sim.state().counts.delivered - delivered0;
    const end = start + steps * POLL_S * 1000;
    vi.useRealTimers();
    expect(delivered).toBeGreaterThan(1000);

    const sum = (pts: [number, number | null][]) => pts.reduce((s, p) => s + (p[1] ?? 0), 0);
    const counted = sum((await store.query('count.out.rcp', { node: 'a' }, start, end + 1, undefined, end)).series[0]!.points);
    // Whole 1-minute buckets [start+1m, end): their polls (start+60s … end-10s) cover (start+50s, end-10s].
    const rate = await store.query('rate.out.rcp', { node: 'a' }, start + 60_000, end, 60_000, end);
    expect(rate.tier).toBe('1m');
    expect(rate.series[0]!.points).toHaveLength(59);
    const integrated = rate.series[0]!.points.reduce((s, [, v]) => s + ((v ?? 0) * rate.step) / 60_000, 0);
    expect(rate.series[0]!.points.every(([, v]) => v !== null && v >= 0)).toBe(true);
    const deliveredInWindow = deliveredAt.get(steps - 1)! - deliveredAt.get(5)!;
    console.log(
      `[history] simulated hour: sim delivered ${delivered}, stored ${counted}; window: sim ${deliveredInWindow}, integrated rate ${integrated.toFixed(1)}`,
    );
    expect(Math.abs(counted - delivered) / delivered).toBeLessThan(0.01);
    expect(Math.abs(integrated - deliveredInWindow) / deliveredInWindow).toBeLessThan(0.01);

    // The same after rolling up into 1-minute and 1-hour rows.
    while ((await store.rollup(end + 3_600_000)).more);
    const hourly = await store.query('count.out.rcp', {}, start, end + 1, 3_600_000, end + 3_600_000);
    expect(hourly.tier).toBe('1h');
    expect(Math.abs(sum(hourly.series[0]!.points) - delivered) / delivered).toBeLessThan(0.01);

    // Domain backlog history exists and the fleet total matches the last poll's queued count.
    const top = await store.query('domain.backlog', { top: 5 }, end - 60_000, end + 1, undefined, end);
    expect(top.series.length).toBeGreaterThan(1);
    const lastQueued = sim.state().queues.totalRcp;
    const lastSum = top.series.reduce((s, x) => s + (x.points[x.points.length - 1]![1] ?? 0), 0);
    expect(lastSum).toBe(lastQueued);
  }, 120_000);
});
