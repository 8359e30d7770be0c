import { describe, expect, it } from 'vitest';
import { fmtAxisTime, fmtClock, fmtDayTime, fmtEta, fmtExact, fmtInt, fmtKb, fmtPct, fmtRate, fmtRelative, fmtTime, parseUtcInput } from './format';

describe('format', () => {
  it('formats integers with separators and unknown as a dash', () => {
    expect(fmtInt(1234567)).toBe('1,234,567');
    expect(fmtInt(null)).toBe('–');
    expect(fmtInt(NaN)).toBe('–');
  });
  it('scales kilobytes', () => {
    expect(fmtKb(512)).toBe('512 KB');
    expect(fmtKb(1536)).toBe('1.5 MB');
    expect(fmtKb(3 * 1024 * 1024)).toBe('3 GB');
  });
  it('formats percentages and relative times', () => {
    expect(fmtPct(1, 3)).toBe('33.3%');
    expect(fmtPct(1, 0)).toBe('–');
    const now = 1_000_000_000;
    expect(fmtRelative(now - 2000, now)).toBe('just now');
    expect(fmtRelative(now - 90_000, now)).toBe('1m ago');
    expect(fmtRelative(now + 3_700_000, now)).toBe('in 1h 1m');
  });
});

describe('the one time rule: UTC, 24-hour', () => {
  // 2026-12-01 19:05:09.250 UTC: a time where a 12-hour clock, a local zone or a dropped
  // second would all show.
  const t = Date.UTC(2026, 11, 1, 19, 5, 9, 250);
  it('formats exact times with the date and the zone name', () => {
    expect(fmtExact(t)).toBe('2026-12-01 19:05:09 UTC');
    expect(fmtExact(null)).toBe('');
  });
  it('formats clock times in UTC whatever the process zone', () => {
    expect(fmtTime(t)).toBe('19:05');
    expect(fmtTime(Date.UTC(2026, 11, 1, 0, 7))).toBe('00:07');
    expect(fmtDayTime(t)).toBe('01 Dec, 19:05');
    expect(fmtTime(null)).toBe('–');
  });
  it('picks the axis format by span', () => {
    expect(fmtAxisTime(t, 3_600_000)).toBe('19:05');
    expect(fmtAxisTime(t, 7 * 86_400_000)).toBe('01 Dec, 19:05');
  });
  it('reads datetime-local inputs as UTC and rejects anything else', () => {
    expect(parseUtcInput('2026-12-01T19:05')).toBe('2026-12-01T19:05:00.000Z');
    expect(parseUtcInput('2026-12-01T19:05:30')).toBe('2026-12-01T19:05:30.000Z');
    expect(parseUtcInput('')).toBeUndefined();
    expect(parseUtcInput('2026-13-01T19:05')).toBeUndefined();
    expect(parseUtcInput('tomorrow')).toBeUndefined();
  });
});

describe('durations and rates', () => {
  it('formats drain ETAs', () => {
    expect(fmtEta(null)).toBe('never at this rate');
    expect(fmtEta(0)).toBe('clear');
    expect(fmtEta(20_000)).toBe('1 min');
    expect(fmtEta(185 * 60_000)).toBe('3 h 5 min');
    expect(fmtEta(52 * 3_600_000)).toBe('2 d 4 h');
  });
  it('formats rates with two decimals', () => {
    expect(fmtRate(0.001)).toBe('0.10%');
    expect(fmtRate(0.05234)).toBe('5.23%');
    expect(fmtRate(null)).toBe('–');
  });
});

describe('fmtClock (retry times in the queue table)', () => {
  const now = Date.UTC(2026, 11, 1, 20, 0, 0);
  it('shows HH:MM:SS in UTC for a time today, whatever the hour', () => {
    expect(fmtClock(Date.UTC(2026, 11, 1, 7, 5, 9), now)).toBe('07:05:09');
    expect(fmtClock(Date.UTC(2026, 11, 1, 23, 59, 59), now)).toBe('23:59:59');
  });
  it('adds the date on another day, before or after', () => {
    expect(fmtClock(Date.UTC(2026, 10, 30, 23, 59, 59), now)).toBe('2026-11-30 23:59:59');
    expect(fmtClock(Date.UTC(2026, 11, 2, 0, 0, 1), now)).toBe('2026-12-02 00:00:01');
  });
  it('renders unknown as a dash', () => {
    expect(fmtClock(null, now)).toBe('–');
  });
});
