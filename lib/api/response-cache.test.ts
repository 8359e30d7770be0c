import { describe, expect, it } from 'vitest';
import { ResponseCache } from './response-cache';

const bytes = (n: number, fill = 1) => new Uint8Array(n).fill(fill);

describe('ResponseCache', () => {
  it('answers only the key it was given', () => {
    const c = new ResponseCache();
    c.set('a', bytes(3, 1));
    expect(c.get('a')).toEqual(bytes(3, 1));
    expect(c.get('b')).toBeUndefined();
  });

  it('drops the least recently used entry past the entry bound', () => {
    const c = new ResponseCache(2);
    c.set('a', bytes(1));
    c.set('b', bytes(1));
    c.get('a'); // a is now newer than b
    c.set('c', bytes(1));
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBeDefined();
    expect(c.get('c')).toBeDefined();
    expect(c.size).toBe(2);
  });

  it('keeps the total size under its byte bound and refuses single answers over a quarter of it', () => {
    const c = new ResponseCache(100, 100);
    c.set('a', bytes(20));
    c.set('b', bytes(20));
    c.set('c', bytes(20));
    c.set('d', bytes(20));
    c.set('e', bytes(25));
    expect(c.get('a')).toBeUndefined(); // 105 > 100: the oldest went
    expect(c.get('e')).toBeDefined();
    c.set('big', bytes(26));
    expect(c.get('big')).toBeUndefined();
  });

  it('replaces an entry stored again under the same key', () => {
    const c = new ResponseCache(10, 100);
    c.set('a', bytes(20, 1));
    c.set('a', bytes(20, 2));
    expect(c.get('a')).toEqual(bytes(20, 2));
    expect(c.size).toBe(1);
  });
});
