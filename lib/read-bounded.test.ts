import { describe, expect, it } from 'vitest';
import { readBounded } from './read-bounded';

/** A body that counts how many chunks were pulled from it. */
function chunked(chunks: number[], headers: Record<string, string> = {}) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      const n = chunks[pulled++];
      if (n === undefined) c.close();
      else c.enqueue(new Uint8Array(n).fill(0x61));
    },
  });
  return { msg: { body, headers: new Headers(headers) }, pulled: () => pulled };
}

describe('readBounded', () => {
  it('reads a body up to and including the limit', async () => {
    expect((await readBounded(chunked([3, 4]).msg, 7))?.toString()).toBe('aaaaaaa');
    expect((await readBounded({ body: null, headers: new Headers() }, 7))?.length).toBe(0);
  });

  it('stops reading a chunked body as soon as it passes the limit', async () => {
    const b = chunked([4, 4, 4, 4]);
    expect(await readBounded(b.msg, 7)).toBeNull();
    expect(b.pulled()).toBeLessThanOrEqual(3); // the chunk that crossed, at most one read ahead
  });

  it('refuses a declared length over the limit without reading it', async () => {
    const b = chunked([1], { 'content-length': '8' });
    expect(await readBounded(b.msg, 7)).toBeNull();
    expect(b.pulled()).toBe(0);
  });

  it('does not trust a declared length under the limit', async () => {
    expect(await readBounded(chunked([5, 5], { 'content-length': '3' }).msg, 7)).toBeNull();
  });
});
