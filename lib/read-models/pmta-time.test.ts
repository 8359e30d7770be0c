import { describe, expect, it } from 'vitest';
import { pastEventAt, parsePmtaTime } from './pmta-time';

const T = Date.UTC(2026, 11, 3, 11, 50, 41);

describe('parsePmtaTime', () => {
  it('reads a zone-less time as the console’s local time when the node’s clock is not known yet', () => {
    expect(parsePmtaTime('2026-11-26 10:30:00')).toBe(new Date(2026, 10, 26, 10, 30, 0).getTime());
  });
  it('converts a zone-less node time through the measured clock', () => {
    expect(parsePmtaTime('2026-12-03 20:50:41', { offsetMs: 9 * 3_600_000 })).toBe(T);
  });
  it('honours an explicit offset whatever the clock', () => {
    expect(parsePmtaTime('2026-12-03 13:50:41+0200', { offsetMs: 5_000 })).toBe(T);
    expect(parsePmtaTime('2026-12-03T11:50:41Z')).toBe(T);
  });
  it('is null for text that is not a time', () => {
    expect(parsePmtaTime('yesterday', { offsetMs: 0 })).toBeNull();
    expect(parsePmtaTime(null)).toBeNull();
  });
});

describe('pastEventAt', () => {
  it('keeps an event time that lies before the list arrived', () => {
    expect(pastEventAt('2026-12-03 11:50:41', { offsetMs: 0 }, T + 30_000)).toBe(T);
  });
  it('caps at the arrival of the list an event time the drifting clock puts after it', () => {
    // The clock was measured 90 s before a node whose clock runs fast listed the error.
    expect(pastEventAt('2026-12-03 11:52:11', { offsetMs: 0 }, T)).toBe(T);
  });
  it('is null when the time is unreadable', () => {
    expect(pastEventAt('', { offsetMs: 0 }, T)).toBeNull();
  });
});
