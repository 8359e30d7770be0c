import { describe, expect, it } from 'vitest';
import type { Queue } from '@/lib/pmta/types';
import { backingUpSeverity, evaluateBackingUp } from './backing-up';

const T = { growthPolls: 3, minRcp: 100, recentErrorMinutes: 15 };
const now = new Date(2026, 10, 26, 10, 30, 0).getTime();
const trend = (...rcp: number[]) => rcp.map((r, i) => ({ at: now - (rcp.length - i) * 10_000, rcp: r }));

function q(extra: Partial<Queue>): Queue {
  return {
    name: 'gmail.com/vmta-1',
    domain: 'gmail.com',
    vmta: 'vmta-1',
    rcp: 400,
    kb: 1,
    conn: 0,
    paused: false,
    mode: 'normal',
    retryTime: null,
    events: [],
    ...extra,
  };
}

describe('evaluateBackingUp', () => {
  it('flags growth with a stalled backoff queue and explains why', () => {
    const v = evaluateBackingUp(
      'mta1',
      'gmail.com',
      trend(200, 300, 400),
      [
        q({ mode: 'backoff', retryTime: '2026-11-26 10:33:00', events: [{ type: 'error', time: '2026-11-26 10:28:00', text: '421 4.7.28 unusual rate' }] }),
        q({ name: 'gmail.com/vmta-2', vmta: 'vmta-2', rcp: 0 }),
      ],
      T,
      now,
    );
    expect(v.backingUp).toBe(true);
    expect(v.growth).toBe(200);
    expect(v.reasons).toEqual([
      'backlog grew 200 → 400 rcpt over 3 polls',
      'no open connections',
      '1 of 2 queues in backoff',
      'next retry in 3 min',
      'last error 2 min ago: 421 4.7.28 unusual rate',
    ]);
    expect(v.signals.recentError).toBe(true);
  });

  it('does not flag a growing domain that is delivering, and says why beside the growth', () => {
    const v = evaluateBackingUp('n', 'd', trend(200, 300, 400), [q({ conn: 5 })], T, now);
    expect(v.backingUp).toBe(false);
    expect(v.reasons.at(-1)).toBe(
      'not flagged although the backlog grew by 200 rcpt: delivery is not stalled (connections open, no queue in backoff or paused)',
    );
    const dipped = evaluateBackingUp('n', 'd', trend(300, 250, 400), [q({ mode: 'backoff' })], T, now);
    expect(dipped.reasons.at(-1)).toBe('not flagged although the backlog grew by 100 rcpt: the backlog did not grow at every one of the last 3 polls');
  });

  it('does not flag a stalled domain whose backlog shrinks or dips', () => {
    expect(evaluateBackingUp('n', 'd', trend(500, 450, 400), [q({ mode: 'backoff' })], T, now).backingUp).toBe(false);
    expect(evaluateBackingUp('n', 'd', trend(300, 250, 400), [q({ mode: 'backoff' })], T, now).backingUp).toBe(false);
  });

  it('needs enough polls and a backlog above the threshold', () => {
    expect(evaluateBackingUp('n', 'd', trend(300, 400), [q({ paused: true })], T, now)).toMatchObject({ backingUp: false, growth: null });
    expect(evaluateBackingUp('n', 'd', trend(10, 20, 30), [q({ rcp: 30, paused: true })], T, now).backingUp).toBe(false);
    expect(evaluateBackingUp('n', 'd', trend(10, 20, 30), [q({ rcp: 30, paused: true })], { ...T, minRcp: 0 }, now).backingUp).toBe(true);
  });
});

describe('backingUpSeverity', () => {
  const H = 3_600_000;
  it('recipients at risk are the base; hours in backoff weigh them up to ×5; growth ×10', () => {
    expect(backingUpSeverity({ rcp: 1000, growth: null, backoffSince: null }, now)).toBe(1000);
    expect(backingUpSeverity({ rcp: 1000, growth: 0, backoffSince: now - 2 * H }, now)).toBe(3000);
    expect(backingUpSeverity({ rcp: 1000, growth: 0, backoffSince: now - 30 * H }, now)).toBe(5000); // capped at 4 h
    expect(backingUpSeverity({ rcp: 1000, growth: 50, backoffSince: null }, now)).toBe(1500);
    expect(backingUpSeverity({ rcp: 1000, growth: -400, backoffSince: null }, now)).toBe(1000); // shrinking adds nothing
  });

  it('orders a smaller backlog long in backoff above a larger one just flagged, and fast growth above slow', () => {
    const old = backingUpSeverity({ rcp: 2000, growth: 100, backoffSince: now - 3 * H }, now);
    const fresh = backingUpSeverity({ rcp: 5000, growth: 100, backoffSince: now - 60_000 }, now);
    expect(old).toBeGreaterThan(fresh);
    expect(backingUpSeverity({ rcp: 1000, growth: 900, backoffSince: null }, now)).toBeGreaterThan(
      backingUpSeverity({ rcp: 5000, growth: 10, backoffSince: null }, now),
    );
  });

  it('a verdict carries its severity and how long its queues have been in backoff', () => {
    const v = evaluateBackingUp(
      'mta1',
      'gmail.com',
      trend(200, 300, 400),
      [
        q({
          mode: 'backoff',
          events: [
            { type: 'error', time: '2026-11-26 10:28:00', text: '421 4.7.28 unusual rate' },
            { type: 'error', time: '2026-11-26 09:30:00', text: '421 4.7.28 unusual rate' },
          ],
        }),
      ],
      T,
      now,
    );
    expect(v.signals.backoffSince).toBe(now - H);
    expect(v.severity).toBe(400 * 2 + 10 * 200);
  });

  it('an error the drifting node clock puts after now counts as now: recent, and in backoff since at least now', () => {
    const ahead = [q({ mode: 'backoff', events: [{ type: 'error', time: '2026-11-26 10:32:00', text: '421 4.7.28 unusual rate' }] })];
    const v = evaluateBackingUp('mta1', 'gmail.com', trend(200, 300, 400), ahead, T, now);
    expect(v.signals.lastError?.at).toBe(now);
    expect(v.signals.backoffSince).toBe(now);
  });
});
