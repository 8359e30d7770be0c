// Leases and heartbeats on both backends: one holder at a time, the generation moving on
// every change of owner, expiry, release for a later moment, and the fence.
import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore, STORE_BACKENDS } from '@/lib/store/__fixtures__/backends';
import type { ConsoleStore } from '@/lib/store/store';
import { LeaseStore } from './leases';

const open: ConsoleStore[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

describe.each(STORE_BACKENDS)('leases on %s', (kind) => {
  it('one holder at a time; the generation changes with the owner only', async () => {
    const store = await openTestStore(kind);
    open.push(store);
    const l = new LeaseStore(store);
    expect(await l.acquire('n1', 'a', 1000, 3000)).toBe(1);
    expect(await l.acquire('n1', 'b', 1500, 3500)).toBeNull(); // held by a until 3000
    expect(await l.acquire('n1', 'a', 2000, 4000)).toBe(1); // renewal: same generation
    expect(await l.acquire('n1', 'b', 4000, 6000)).toBe(2); // expired: taken over
    expect(await l.current('n1', 'a', 1, 4100)).toBe(false); // the old owner is fenced off
    expect(await l.current('n1', 'b', 2, 4100)).toBe(true);
    expect(await l.current('n1', 'b', 2, 6000)).toBe(false); // expired
    // Released for a later moment: nobody's, but takeable only from then on.
    expect(await l.release('n1', 'b', 2, 5000)).toBe(true);
    expect(await l.current('n1', 'b', 2, 4200)).toBe(false);
    expect(await l.acquire('n1', 'a', 4500, 6500)).toBeNull();
    expect(await l.acquire('n1', 'a', 5000, 7000)).toBe(3);
    expect(await l.release('n1', 'b', 2, 0)).toBe(false); // not b's any more
    expect(await l.list()).toEqual([{ key: 'n1', owner: 'a', generation: 3, expiresAt: 7000 }]);
  });

  it('racing acquirers: exactly one wins', async () => {
    const store = await openTestStore(kind);
    open.push(store);
    const l = new LeaseStore(store);
    const got = await Promise.all(['a', 'b', 'c', 'd'].map((o) => l.acquire('task:resumes', o, 1000, 3000)));
    expect(got.filter((g) => g !== null)).toEqual([1]);
  });

  it('the fence inside a transaction joins it', async () => {
    const store = await openTestStore(kind);
    open.push(store);
    const l = new LeaseStore(store);
    const now = Date.now();
    await l.acquire('n1', 'a', now, now + 60_000);
    expect(await store.transaction(() => l.current('n1', 'a', 1, Date.now()))).toBe(true);
  });

  it('heartbeats: one row per replica, last seen updated, gone on leave', async () => {
    const store = await openTestStore(kind);
    open.push(store);
    const l = new LeaseStore(store);
    await l.heartbeat({ id: 'a', startedAt: 100, url: null }, 100);
    await l.heartbeat({ id: 'b', startedAt: 150, url: 'http://10.0.0.2:3000' }, 150);
    await l.heartbeat({ id: 'a', startedAt: 100, url: null }, 200);
    expect(await l.replicas()).toEqual([
      { id: 'a', startedAt: 100, lastSeenAt: 200, url: null },
      { id: 'b', startedAt: 150, lastSeenAt: 150, url: 'http://10.0.0.2:3000' },
    ]);
    await l.leave('a');
    await l.forget(160);
    expect(await l.replicas()).toEqual([]);
  });
});
