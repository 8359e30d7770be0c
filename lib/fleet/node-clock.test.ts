import { describe, expect, it } from 'vitest';
import { evaluateBackingUp } from '@/lib/read-models/backing-up';
import { measureClock } from './node-clock';
import { parsePmtaTime } from '@/lib/read-models/pmta-time';
import type { Queue } from '@/lib/pmta/types';

// The console received /status at 10:00:00.400 UTC; the node printed its own wall clock.
const ARRIVED = Date.parse('2026-11-26T10:00:00.400Z');

describe('measureClock', () => {
  it('a node 9 h ahead runs in UTC+09:00, and its times convert to the true instant', () => {
    const c = measureClock('2026-11-26 19:00:00', ARRIVED)!;
    expect(c).toMatchObject({ zoneMinutes: 540, offsetMs: 9 * 3_600_000, skewed: false, skewSeconds: 0, label: 'UTC+09:00' });
    expect(parsePmtaTime('2026-11-26 18:58:00', c)).toBe(Date.parse('2026-11-26T09:58:00Z'));
  });

  it('a node 5 h behind runs in UTC−05:00', () => {
    const c = measureClock('2026-11-26 05:00:00', ARRIVED)!;
    expect(c).toMatchObject({ zoneMinutes: -300, offsetMs: -5 * 3_600_000, skewed: false, label: 'UTC−05:00' });
    expect(parsePmtaTime('2026-11-26 05:03:00', c)).toBe(Date.parse('2026-11-26T10:03:00Z'));
  });

  it('quarter-hour zones (India, Nepal) are zones, not skew', () => {
    expect(measureClock('2026-11-26 15:30:00', ARRIVED)).toMatchObject({ zoneMinutes: 330, skewed: false });
    expect(measureClock('2026-11-26 15:45:00', ARRIVED)).toMatchObject({ zoneMinutes: 345, skewed: false });
  });

  it('a node 3 minutes fast is skewed; its times still convert with the measured offset', () => {
    const c = measureClock('2026-11-26 10:03:00', ARRIVED)!;
    expect(c.skewed).toBe(true);
    expect(c.zoneMinutes).toBe(0);
    expect(c.skewSeconds).toBe(180);
    expect(c.label).toBe('UTC+00:00 · clock 3 min fast');
    expect(parsePmtaTime('2026-11-26 10:01:00', c)).toBe(Date.parse('2026-11-26T09:58:00Z'));
  });

  it('a small residual (network, truncated seconds) is not skew; beyond ±14 h there is no zone', () => {
    expect(measureClock('2026-11-26 10:01:30', ARRIVED)).toMatchObject({ skewed: false, offsetMs: 0, skewSeconds: 90 });
    expect(measureClock('2026-11-26 09:59:59', ARRIVED)).toMatchObject({ skewed: false, offsetMs: 0 });
    const far = measureClock('2026-11-27 02:00:00', ARRIVED)!;
    expect(far).toMatchObject({ zoneMinutes: null, skewed: true });
    expect(far.label).toBe('no zone fits · clock 16 h fast');
    expect(measureClock('', ARRIVED)).toBeNull();
    expect(measureClock('yesterday', ARRIVED)).toBeNull();
  });
});

describe('ages and next retries through the node clock', () => {
  const t = { growthPolls: 3, minRcp: 1, recentErrorMinutes: 10 };
  const queue = (retryTime: string, errorTime: string): Queue => ({
    name: 'gmail.com/vmta-1',
    domain: 'gmail.com',
    vmta: 'vmta-1',
    rcp: 50,
    kb: 100,
    conn: 0,
    paused: false,
    mode: 'backoff',
    retryTime,
    events: [{ type: 'error', time: errorTime, text: '421 4.7.28 rate limited' }],
  });

  it.each([
    ['9 h ahead', '2026-11-26 19:00:00', '2026-11-26 19:03:00', '2026-11-26 18:58:00'],
    ['5 h behind', '2026-11-26 05:00:00', '2026-11-26 05:03:00', '2026-11-26 04:58:00'],
    ['3 min fast', '2026-11-26 10:03:00', '2026-11-26 10:06:00', '2026-11-26 10:01:00'],
  ])('%s: "last error 2 min ago", "next retry in 3 min"', (_, timeNow, retry, error) => {
    const clock = measureClock(timeNow, ARRIVED);
    const v = evaluateBackingUp('pmta1', 'gmail.com', [], [queue(retry, error)], t, ARRIVED, clock);
    expect(v.signals.nextRetryAt).toBe(Date.parse('2026-11-26T10:03:00Z'));
    expect(v.signals.lastError?.at).toBe(Date.parse('2026-11-26T09:58:00Z'));
    expect(v.signals.recentError).toBe(true);
    expect(v.reasons).toContain('next retry in 3 min');
    expect(v.reasons).toContain('last error 2 min ago: 421 4.7.28 rate limited');
  });
});
