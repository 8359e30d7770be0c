import { describe, expect, it } from 'vitest';
import { STORE_BACKENDS, type StoreBackend } from '@/lib/store/__fixtures__/backends';
import { openAcctTestStore } from './__fixtures__/acct-test-store';
import { deliveredPerBucket } from './delivered';

const T0 = Date.parse('2026-11-26T10:00:00Z');

async function store(kind: StoreBackend) {
  // gmail.com: minute m gets m + 1 deliveries (m = 0..9); yahoo.com gets one per minute.
  let text = 'type,timeLogged,rcpt,vmta,queue\n';
  for (let m = 0; m < 10; m++) {
    const t = `2026-11-26 10:0${m}:30+0000`;
    for (let k = 0; k <= m; k++) text += `d,${t},u${k}@GMAIL.com,vmta-${k % 2},gmail.com/vmta-${k % 2}\n`;
    text += `d,${t},u@yahoo.com,vmta-1,yahoo.com/vmta-1\n`;
  }
  const t = await openAcctTestStore(kind, { recentDiagnostics: 10, malformedSamples: 5 });
  await t.commit(text);
  return t.store;
}

describe.each(STORE_BACKENDS)('deliveredPerBucket on %s', (kind) => {
  it('sums a domain’s deliveries into buckets aligned to the step, across vMTAs', async () => {
    const db = await store(kind);
    const perMinute = (await deliveredPerBucket(db, { domain: 'gmail.com', from: T0, to: T0 + 10 * 60_000, step: 60_000 }))!;
    expect([...perMinute].sort((a, b) => a[0] - b[0])).toEqual(Array.from({ length: 10 }, (_, m) => [T0 + m * 60_000, m + 1]));
    const fiveMin = (await deliveredPerBucket(db, { domain: 'GMAIL.COM', from: T0, to: T0 + 10 * 60_000, step: 300_000 }))!;
    expect(fiveMin.get(T0)).toBe(1 + 2 + 3 + 4 + 5);
    expect(fiveMin.get(T0 + 300_000)).toBe(6 + 7 + 8 + 9 + 10);
  });

  it('answers null for sub-minute buckets and for domains accounting never saw', async () => {
    const db = await store(kind);
    expect(await deliveredPerBucket(db, { domain: 'gmail.com', from: T0, to: T0 + 600_000, step: 10_000 })).toBeNull();
    expect(await deliveredPerBucket(db, { domain: 'aol.com', from: T0, to: T0 + 600_000, step: 60_000 })).toBeNull();
  });
});
