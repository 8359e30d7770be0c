import { describe, expect, it } from 'vitest';
import { fmtInt, fmtKb, fmtPct, fmtRelative } from './format';

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
