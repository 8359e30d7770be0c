import { describe, expect, it } from 'vitest';
import { parseAcctTime } from './time';

describe('parseAcctTime', () => {
  it('applies the zone offset', () => {
    expect(parseAcctTime('2016-05-29 01:10:51+0200')).toEqual({ ms: Date.UTC(2016, 4, 28, 23, 10, 51), utcAssumed: false });
    expect(parseAcctTime('2024-01-01 00:30:00-0530')?.ms).toBe(Date.UTC(2024, 0, 1, 6, 0, 0));
    expect(parseAcctTime('2024-01-01T00:30:00+05:45')?.ms).toBe(Date.UTC(2023, 11, 31, 18, 45, 0));
    expect(parseAcctTime('2024-01-01 00:30:00Z')?.ms).toBe(Date.UTC(2024, 0, 1, 0, 30, 0));
  });

  it('reads the MM/DD/YYYY form the manual describes', () => {
    expect(parseAcctTime('05/29/2016 01:10:51+0200')?.ms).toBe(Date.UTC(2016, 4, 28, 23, 10, 51));
  });

  it('reads Unix seconds, with or without a fraction', () => {
    expect(parseAcctTime('1714557602')).toEqual({ ms: 1714557602000, utcAssumed: false });
    expect(parseAcctTime('1714557602.25')?.ms).toBe(1714557602250);
  });

  it('reads a time without offset as UTC and flags it', () => {
    expect(parseAcctTime('2024-05-01 10:00:02')).toEqual({ ms: Date.UTC(2024, 4, 1, 10, 0, 2), utcAssumed: true });
    expect(parseAcctTime(' 2024-05-01 10:00:02.5 ')).toEqual({ ms: Date.UTC(2024, 4, 1, 10, 0, 2, 500), utcAssumed: true });
  });

  it('rejects what is not a time', () => {
    for (const bad of [
      '',
      '   ',
      'yesterday',
      '2024-13-01 00:00:00+0000',
      '2024-02-30 00:00:00+0000',
      '2024-05-01 25:00:00+0000',
      '2024-05-01 10:00:00+9900',
      '42',
      '2024-05-01',
    ]) {
      expect(parseAcctTime(bad), bad).toBeNull();
    }
    expect(parseAcctTime(undefined)).toBeNull();
  });
});

describe('parseAcctTime fast path (the printed form)', () => {
  it('agrees with the general path on every field, zone and calendar edge', () => {
    const cases = [
      '2016-05-29 01:10:51+0200',
      '2024-02-29 23:59:59-1400',
      '2023-12-31 23:59:59+1400',
      '2024-01-01 00:00:00+0000',
      '2026-11-26 10:00:00-0530',
      '1999-03-01 12:34:56+0545',
    ];
    for (const c of cases) {
      // The same text with a trailing space is not 24 chars: it takes the regex path.
      expect(parseAcctTime(c), c).toEqual(parseAcctTime(`${c} `));
    }
  });

  it('falls back to the general path (and its rejections) for anything off the printed form', () => {
    for (const bad of [
      '2023-02-29 00:00:00+0000',
      '2024-05-01 24:00:00+0000',
      '2024-05-01 10:60:00+0000',
      '2024-05-01 10:00:00+1500',
      '2024-05-0x 10:00:00+0000',
    ])
      expect(parseAcctTime(bad), bad).toBeNull();
    expect(parseAcctTime('2016-12-31 23:59:60+0000')?.ms).toBe(Date.UTC(2017, 0, 1, 0, 0, 0));
  });
});
