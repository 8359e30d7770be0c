import { describe, expect, it } from 'vitest';
import { nextSortState, sortRows } from './table-sort';

describe('table sort', () => {
  it('starts numbers descending and text ascending, and flips on the same column', () => {
    expect(nextSortState({ key: 'name', dir: 'asc' }, 'count', true)).toEqual({ key: 'count', dir: 'desc' });
    expect(nextSortState({ key: 'count', dir: 'desc' }, 'name', false)).toEqual({ key: 'name', dir: 'asc' });
    expect(nextSortState({ key: 'count', dir: 'desc' }, 'count', true)).toEqual({ key: 'count', dir: 'asc' });
    expect(nextSortState({ key: 'name', dir: 'asc' }, 'name', false)).toEqual({ key: 'name', dir: 'desc' });
  });

  it('sorts numbers and text naturally, unknown values last in both directions, ties stable', () => {
    const rows = [
      { k: 'b10', n: 3 },
      { k: 'b9', n: null },
      { k: 'A', n: 10 },
      { k: 'c', n: 3 },
      { k: 'd', n: Number.NaN },
    ];
    expect(sortRows(rows, (r) => r.n, 'desc').map((r) => r.k)).toEqual(['A', 'b10', 'c', 'b9', 'd']);
    expect(sortRows(rows, (r) => r.n, 'asc').map((r) => r.k)).toEqual(['b10', 'c', 'A', 'b9', 'd']);
    expect(sortRows(rows, (r) => r.k, 'asc').map((r) => r.k)).toEqual(['A', 'b9', 'b10', 'c', 'd']);
    expect(rows[0]!.k).toBe('b10'); // a copy: the input is untouched
  });
});
