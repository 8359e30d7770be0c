import { afterEach, describe, expect, it } from 'vitest';
import type { ConsoleStore } from '@/lib/store/store';
import { openTestStore, STORE_BACKENDS } from '@/lib/store/__fixtures__/backends';
import { AlertStore } from './store';
import type { AlertRow } from './types';

const stores: ConsoleStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

const alert = (over: Partial<AlertRow> = {}): AlertRow => ({
  id: 0,
  key: 'node-down|node=a',
  rule: 'node-down',
  severity: 'critical',
  labels: { node: 'a' },
  state: 'firing',
  activeSince: 1_700_000_000_000,
  firingSince: 1_700_000_060_000,
  resolvedAt: null,
  clearSince: null,
  lastEvalAt: 1_700_000_060_000,
  value: 0.25,
  summary: 'node a is down',
  link: '/nodes/a',
  ackedBy: null,
  ackedAt: null,
  notified: new Map([['ops', 1_700_000_060_000]]),
  ...over,
});

describe.each(STORE_BACKENDS)('alert store on %s', (kind) => {
  async function open() {
    const s = await openTestStore(kind);
    stores.push(s);
    return new AlertStore(s);
  }

  it('saves, updates, acknowledges, resolves and prunes alerts', async () => {
    const store = await open();
    const id = await store.save(alert());
    expect(await store.active()).toEqual([{ ...alert(), id }]);
    expect(await store.ack(id, 'operator', 1_700_000_100_000)).toBe(true);
    const acked = (await store.get(id))!;
    expect(acked).toMatchObject({ ackedBy: 'operator', ackedAt: 1_700_000_100_000, value: 0.25 });
    expect(acked.notified.get('ops')).toBe(1_700_000_060_000);
    await store.save({ ...acked, state: 'resolved', resolvedAt: 1_700_000_200_000 });
    expect(await store.active()).toEqual([]);
    expect(await store.ack(id, 'operator', 1_700_000_300_000)).toBe(false); // no longer active
    expect((await store.resolved(0, 10)).map((a) => a.id)).toEqual([id]);
    await store.prune(1_700_000_200_001);
    expect(await store.resolved(0, 10)).toEqual([]);
  });

  it('allows one active row per key', async () => {
    const store = await open();
    await store.save(alert());
    await expect(store.save(alert())).rejects.toThrow(/unique|UNIQUE/);
    const other = await store.save(alert({ key: 'node-down|node=b', labels: { node: 'b' } }));
    await store.remove(other);
    expect((await store.active()).map((a) => a.key)).toEqual(['node-down|node=a']);
  });

  it('keeps silences, in force and expired', async () => {
    const store = await open();
    const now = 1_700_000_000_000;
    const id = await store.addSilence({
      matchers: [{ label: 'node', value: 'a' }],
      startsAt: now,
      endsAt: now + 3_600_000,
      reason: 'maintenance',
      createdBy: 'operator',
      createdAt: now,
    });
    expect(await store.silences(now + 1)).toEqual([
      {
        id,
        matchers: [{ label: 'node', value: 'a' }],
        startsAt: now,
        endsAt: now + 3_600_000,
        reason: 'maintenance',
        createdBy: 'operator',
        createdAt: now,
        expiredBy: null,
        active: true,
      },
    ]);
    expect(await store.expireSilence(id, 'admin', now + 60_000)).toBe(true);
    expect(await store.expireSilence(id, 'admin', now + 61_000)).toBe(false);
    expect(await store.silences(now + 120_000)).toMatchObject([{ id, endsAt: now + 60_000, expiredBy: 'admin', active: false }]);
  });
});
