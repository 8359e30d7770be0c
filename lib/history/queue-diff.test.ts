import { describe, expect, it } from 'vitest';
import { diffQueueStates, queueStates, QueueStatesBuilder } from './queue-diff';
import { fakeTable } from './__fixtures__/snapshots';

const H = 3_600_000;
// A node 9 h ahead of UTC: it prints 19:00:30 for 10:00:30 UTC.
const clock = { offsetMs: 9 * H };
const prevAt = Date.UTC(2026, 0, 1, 10, 0, 0);
const at = prevAt + 60_000;

const table = (time: string) => fakeTable([{ domain: 'gmail.com', rcp: 10, backoff: true, error: { time, text: '421 4.7.28 rate limited' } }]);

describe('history events at the node’s own time', () => {
  it('a new error is stamped with its time converted by the node clock, not the poll time', () => {
    const before = queueStates(fakeTable([{ domain: 'gmail.com', rcp: 10 }]), clock);
    const after = queueStates(table('2026-01-01 19:00:30'), clock);
    const events = diffQueueStates('pmta1', at, before, after, prevAt);
    const err = events.find((e) => e.kind === 'error');
    expect(err?.at).toBe(Date.UTC(2026, 0, 1, 10, 0, 30));
    // A mode change carries the poll time: PowerMTA does not say when it happened.
    expect(events.find((e) => e.kind === 'backoff')?.at).toBe(at);
  });

  it('an error time outside the two polls (a skewed clock) is kept between them', () => {
    const before = queueStates(fakeTable([{ domain: 'gmail.com', rcp: 10 }]), clock);
    const ahead = diffQueueStates('pmta1', at, before, queueStates(table('2026-01-01 19:30:00'), clock), prevAt);
    expect(ahead.find((e) => e.kind === 'error')?.at).toBe(at);
    const behind = diffQueueStates('pmta1', at, before, queueStates(table('2026-01-01 18:00:00'), clock), prevAt);
    expect(behind.find((e) => e.kind === 'error')?.at).toBe(prevAt + 1);
  });

  it('without a previous poll the poll time is used', () => {
    const events = diffQueueStates('pmta1', at, new Map(), queueStates(table('2026-01-01 19:00:30'), clock), null);
    expect(events.find((e) => e.kind === 'error')?.at).toBe(at);
  });
});

describe('queue states taken in steps', () => {
  it('any budgets per step give the states taken at once', () => {
    const t = fakeTable(
      Array.from({ length: 37 }, (_, i) => ({
        domain: `d${i % 9}.example`,
        vmta: `vmta-${i % 4}`,
        rcp: i,
        backoff: i % 3 === 0,
        paused: i % 5 === 0,
        ...(i % 4 === 1 ? { error: { time: `2026-01-01 19:00:${String(i).padStart(2, '0')}`, text: `error ${i}` } } : {}),
      })),
    );
    const whole = queueStates(t, clock);
    expect(whole.size).toBeGreaterThan(10);
    for (const budget of [1, 2, 5, 36, 37, 100]) {
      const b = new QueueStatesBuilder(t, clock);
      let steps = 0;
      while (!b.step(budget)) steps++;
      expect(steps).toBeGreaterThanOrEqual(Math.ceil(whole.size / budget) - 1);
      expect([...b.finish()]).toStrictEqual([...whole]);
    }
    // Part taken in steps, the rest at once (a node's next poll arrived first).
    const half = new QueueStatesBuilder(t, clock);
    half.step(10);
    expect([...half.finish()]).toStrictEqual([...whole]);
  });
});
