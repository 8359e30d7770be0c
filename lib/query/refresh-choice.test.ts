import { describe, expect, it } from 'vitest';
import { REFRESH_MS } from './keys';
import { effectiveInterval, parseRefreshChoice } from './refresh-choice';

describe('refresh choice', () => {
  it('parses stored values, falling back to the default on junk', () => {
    expect(parseRefreshChoice('2000')).toBe(2000);
    expect(parseRefreshChoice('0')).toBe(0);
    expect(parseRefreshChoice('30000')).toBe(30000);
    for (const junk of [null, '', '1234', 'off', '-5000', '5e3x']) expect(parseRefreshChoice(junk)).toBe(REFRESH_MS);
  });

  it('live data follows the choice, slower resources keep their pace, off stops everything', () => {
    expect(effectiveInterval(2000, REFRESH_MS)).toBe(2000);
    expect(effectiveInterval(30000, REFRESH_MS)).toBe(30000);
    expect(effectiveInterval(2000, 60_000)).toBe(60_000);
    expect(effectiveInterval(30000, 15_000)).toBe(30000);
    expect(effectiveInterval(0, REFRESH_MS)).toBe(false);
    expect(effectiveInterval(0, 60_000)).toBe(false);
  });
});
