import { describe, expect, it } from 'vitest';
import { pollOutages, splitAtOutages } from './outages';

const S = 10_000; // a 10 s poll interval, raw tier
const at = (...k: number[]) => k.map((x) => x * S);

describe('pollOutages', () => {
  it('a silence longer than the gap threshold is an outage of that node only; a late poll is not', () => {
    const o = pollOutages({
      polledBuckets: new Map([
        ['pmta1', at(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)],
        ['pmta3', at(0, 1, 3, 4, 9)], // one missed poll (3→ fine), then 40 s silent
      ]),
      step: S,
      gapMs: 3 * S,
      to: 10 * S,
      now: 10 * S,
    });
    expect(o).toEqual([{ node: 'pmta3', from: 5 * S, to: 9 * S }]);
  });

  it('a node silent until now is still out (to: null); one that just polled is not', () => {
    const o = pollOutages({
      polledBuckets: new Map([
        ['a', at(0, 1, 2)],
        ['b', at(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)],
      ]),
      step: S,
      gapMs: 3 * S,
      to: 20 * S,
      now: 10 * S,
    });
    expect(o).toEqual([{ node: 'a', from: 3 * S, to: null }]);
  });

  it('on a coarse tier a single empty bucket already breaks (the gap is at least one step)', () => {
    const H = 3_600_000;
    const o = pollOutages({ polledBuckets: new Map([['a', [0, H, 3 * H]]]), step: H, gapMs: 30_000, to: 4 * H, now: 4 * H });
    expect(o).toEqual([{ node: 'a', from: 2 * H, to: 3 * H }]);
  });
});

describe('splitAtOutages', () => {
  const period = { node: 'pmta3', queue: 'gmail.com/v1', from: 0, to: 100 * S, reason: '421' };
  it('a backoff band ends where its node’s data ends and starts again after it', () => {
    expect(splitAtOutages([period], [{ node: 'pmta3', from: 20 * S, to: 50 * S }], 200 * S)).toEqual([
      { ...period, to: 20 * S },
      { ...period, from: 50 * S },
    ]);
  });

  it('another node’s outage does not touch it; an open band stops at an open outage', () => {
    expect(splitAtOutages([period], [{ node: 'pmta1', from: 20 * S, to: 50 * S }], 200 * S)).toEqual([period]);
    const open = { ...period, to: null };
    expect(splitAtOutages([open], [{ node: 'pmta3', from: 80 * S, to: null }], 200 * S)).toEqual([{ ...open, to: 80 * S }]);
  });

  it('a band entirely inside an outage disappears', () => {
    expect(splitAtOutages([{ ...period, from: 30 * S, to: 40 * S }], [{ node: 'pmta3', from: 20 * S, to: 50 * S }], 200 * S)).toEqual([]);
  });
});
