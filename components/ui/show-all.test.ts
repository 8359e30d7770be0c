import { describe, expect, it } from 'vitest';
import { collapse } from './show-all';

describe('collapse', () => {
  const items = Array.from({ length: 25 }, (_, i) => i);
  it('shows the first N and counts the rest until expanded', () => {
    expect(collapse(items, 10, false)).toEqual({ shown: items.slice(0, 10), hidden: 15 });
    expect(collapse(items, 10, true)).toEqual({ shown: items, hidden: 0 });
  });
  it('a list no longer than the limit is never collapsed', () => {
    expect(collapse(items.slice(0, 10), 10, false)).toEqual({ shown: items.slice(0, 10), hidden: 0 });
    expect(collapse([], 3, false)).toEqual({ shown: [], hidden: 0 });
  });
});
