// The /api/history* answers on either store backend (the same assertions).
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '@/lib/config/schema';
import { STORE_BACKENDS, type StoreBackend } from '@/lib/store/__fixtures__/backends';
import { HistorySampler } from './sampler';
import { openHistoryStore, type TestHistoryStore } from './__fixtures__/stores';
import { domainHistory, drain, historySeries, DEFAULT_BOUNCE_AFTER_SECONDS } from './handlers';
import { fakeStatus, fakeTable, snapshot } from './__fixtures__/snapshots';

const now = Date.UTC(2026, 11, 1, 12, 0, 0);

const RETENTION = { raw: 86_400_000, minute: 7 * 86_400_000, hour: 90 * 86_400_000 };
const opened: TestHistoryStore[] = [];
afterEach(async () => {
  for (const h of opened.splice(0)) await h.close();
});

async function storeOn(kind: StoreBackend) {
  const h = await openHistoryStore(kind, { retention: RETENTION, pollIntervalMs: 10_000, gapMs: 30_000 });
  opened.push(h);
  return h.store;
}

async function fixture(kind: StoreBackend) {
  const config = configSchema.parse({ pollIntervalSeconds: 10, nodes: [{ id: 'a', url: 'http://127.0.0.1:9' }] });
  const store = await storeOn(kind);
  const sampler = new HistorySampler(store, { gapMs: 30_000, topDomainsPerNode: 100, queueSeriesDomains: 100, maxQueueRowsPerNode: 1000 });
  // Ten minutes of polls: both gmail queues drain by 100 rcpt/min, 10,000 rcpt left each → ETA 100 min.
  for (let i = 0; i <= 60; i++) {
    const at = now - (60 - i) * 10_000;
    const rcp = 11_000 - (i * 100) / 6;
    await sampler.record(
      'a',
      snapshot(
        'a',
        at,
        fakeStatus(i * 10),
        fakeTable([
          { domain: 'gmail.com', vmta: 'v1', rcp },
          { domain: 'gmail.com', vmta: 'v2', rcp },
        ]),
      ),
    );
  }
  return { config, store };
}

describe.each(STORE_BACKENDS)('drain(): which lifetime each queue is judged against (%s)', (kind) => {
  it('uses a queue’s own bounce-after when its settings are known, the configured one otherwise', async () => {
    const { config, store } = await fixture(kind);
    // v1's settings say 1h (shorter than its 100-minute ETA); v2's were never read.
    const queueLifetime = (node: string, queue: string) => (node === 'a' && queue === 'gmail.com/v1' ? 3600 : null);
    const r = await drain({ store, config, now, queueLifetime }, 'gmail.com');
    const byVmta = new Map(r.queues.map((q) => [q.vmta, q]));
    expect(byVmta.get('v1')).toMatchObject({ status: 'draining', lifetimeSeconds: 3600, lifetimeFrom: 'queue', expiryRisk: true });
    expect(byVmta.get('v2')).toMatchObject({ status: 'draining', lifetimeSeconds: DEFAULT_BOUNCE_AFTER_SECONDS, lifetimeFrom: 'config', expiryRisk: false });
    expect(byVmta.get('v1')!.etaMs).toBeGreaterThan(99 * 60_000);
    // The domain expires where its shortest-lived queue does.
    expect(r.lifetimeSeconds).toBe(3600);
    expect(r.domainEstimate.expiryRisk).toBe(true);
  });

  it('without known settings every queue is judged against the configured bounceAfter', async () => {
    const { config, store } = await fixture(kind);
    const r = await drain({ store, config: { ...config, bounceAfter: '1h' }, now }, 'gmail.com');
    expect(r.lifetimeSeconds).toBe(3600);
    expect(r.queues.every((q) => q.lifetimeFrom === 'config' && q.expiryRisk)).toBe(true);
    const long = await drain(
      {
        store,
        config,
        now,
        queueLifetime: () => {
          throw new Error('settings unavailable');
        },
      },
      'gmail.com',
    );
    expect(long.queues.every((q) => q.lifetimeSeconds === DEFAULT_BOUNCE_AFTER_SECONDS && !q.expiryRisk)).toBe(true);
  });
});

describe.each(STORE_BACKENDS)('domainHistory(): outages and backoff bands (%s)', (kind) => {
  it('a node that stops answering mid-backoff: its outage is reported and the band ends where its data does', async () => {
    const config = configSchema.parse({
      pollIntervalSeconds: 10,
      nodes: [
        { id: 'a', url: 'http://127.0.0.1:9' },
        { id: 'b', url: 'http://127.0.0.1:9' },
      ],
    });
    const store = await storeOn(kind);
    const sampler = new HistorySampler(store, { gapMs: 30_000, topDomainsPerNode: 100, queueSeriesDomains: 100, maxQueueRowsPerNode: 1000 });
    const error = { time: '2026-12-01 11:50:00', text: '421 4.7.28 rate limited' };
    // 10 minutes: b is in backoff from poll 10 on and silent for polls 20–39 (200 s).
    for (let i = 0; i <= 60; i++) {
      const t = now - (60 - i) * 10_000;
      await sampler.record('a', snapshot('a', t, fakeStatus(i * 10), fakeTable([{ domain: 'gmail.com', vmta: 'v1', rcp: 100 }])));
      if (i >= 20 && i < 40) continue;
      await sampler.record(
        'b',
        snapshot(
          'b',
          t,
          fakeStatus(i * 10),
          fakeTable([{ domain: 'gmail.com', vmta: 'v1', rcp: 100 + i, backoff: i >= 10, error: i >= 10 ? error : undefined }]),
        ),
      );
    }
    const r = await domainHistory({ store, config, now }, 'gmail.com', now - 600_000, now + 1);
    const lastBefore = now - 41 * 10_000 + 10_000; // b's poll 19, plus one bucket
    expect(r.outages).toEqual([{ node: 'b', from: lastBefore, to: now - 20 * 10_000 }]);
    expect(r.backoffPeriods.map((p) => [p.node, p.from, p.to])).toEqual([
      ['b', now - 50 * 10_000, lastBefore],
      ['b', now - 20 * 10_000, null],
    ]);
    // The fleet series say the same.
    expect((await historySeries({ store, config, now }, 'rate.out.rcp', {}, now - 600_000, now + 1)).outages).toEqual(r.outages);
  });
});
