import { describe, expect, it } from 'vitest';
import { visibleErrors } from './DomainErrors';

const err = (node: string, signature: string, at: number) => ({
  node,
  queue: `gmail.com/${node}`,
  time: null,
  at,
  text: `${signature} text`,
  signature,
  label: signature,
});

describe('visibleErrors', () => {
  it('keeps each node’s newest error of each signature even when newer ones would crowd it out', () => {
    const busy = Array.from({ length: 40 }, (_, i) => err('pmta2', 'timeout', 1000 - i));
    const rows = visibleErrors([...busy, err('pmta1', 'gmail-4.7.28', 10)], 30);
    expect(rows).toHaveLength(30);
    expect(rows.some((r) => r.node === 'pmta1' && r.signature === 'gmail-4.7.28')).toBe(true);
    // Newest first is kept.
    expect(rows.map((r) => r.at)).toEqual([...rows.map((r) => r.at)].sort((a, b) => (b ?? 0) - (a ?? 0)));
  });

  it('shows everything when there are fewer than the limit', () => {
    expect(visibleErrors([err('a', 'x', 2), err('a', 'x', 1)], 30)).toHaveLength(2);
  });
});
