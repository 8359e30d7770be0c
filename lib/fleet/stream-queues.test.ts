// The poller's streamed queue list (stream-queues.ts): through the real client against the
// simulator it must give exactly the columns of the whole-reply path (fetchBytes, then the
// worker), for both formats and with more lists at once than the pool has slots; errors are
// the client's, and no slot is left held.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimNode, type SimNodeHandle } from '@/sim';
import { createPmtaClient } from '@/lib/pmta/client';
import { ParsePool } from './parse-pool';
import { ALL_QUEUES_PARAMS } from './node-poller';
import { ListSlots, streamQueueColumns } from './stream-queues';

describe('ListSlots', () => {
  it('grants at most `limit` at once, in order, and lets a waiter leave', async () => {
    const slots = new ListSlots(2);
    const got: number[] = [];
    const s = [0, 1, 2, 3].map((i) => {
      const t = slots.take();
      void t.ready.then(() => got.push(i));
      return t;
    });
    await Promise.resolve();
    expect(got).toEqual([0, 1]);
    s[2]!.release(); // leaves the queue before its turn
    s[0]!.release();
    await new Promise((r) => setImmediate(r));
    expect(got).toEqual([0, 1, 3]);
    expect(slots.inUse).toBe(2);
    s[1]!.release();
    s[3]!.release();
    s[3]!.release(); // twice is once
    expect(slots.inUse).toBe(0);
  });
});

describe('streamQueueColumns', () => {
  let node: SimNodeHandle;
  const pool = new ParsePool();
  beforeAll(async () => {
    node = await startSimNode({ id: 's1', tickMs: 0, seed: 4, queues: 1500 });
    node.advance(60);
    node.startBackoff('gmail.com/*', 'gmail', 600);
    node.advance(200);
  });
  afterAll(async () => {
    await pool.close();
    await node?.stop();
  });

  it.each(['xml', 'json'] as const)('gives the columns of the whole-reply path (%s), several lists at once', async (format) => {
    const client = createPmtaClient({ url: node.url, apiKey: node.apiKey, format, timeoutMs: 20_000 });
    try {
      const whole = await client.fetchBytes('/queues', { ...ALL_QUEUES_PARAMS });
      const w = await pool.queues(whole.format, whole.body);
      await w.extras;
      const expected = w.value;
      expect(expected.count).toBeGreaterThan(1000);
      const lists = await Promise.all(Array.from({ length: pool.listSlots.limit + 1 }, () => streamQueueColumns(client, pool, { ...ALL_QUEUES_PARAMS })));
      for (const l of lists) {
        await l.extras;
        expect(l.value).toStrictEqual(expected);
      }
      expect(pool.listSlots.inUse).toBe(0);
    } finally {
      client.close();
    }
  });

  it('fails as the client does (nothing listening: refused) and frees its slot', async () => {
    const client = createPmtaClient({ url: 'http://127.0.0.1:1', format: 'xml', timeoutMs: 5_000 });
    try {
      const viaBytes = await client.fetchBytes('/queues', { ...ALL_QUEUES_PARAMS }).catch((e: Error) => e.message);
      expect(viaBytes).toMatch(/refused/);
      await expect(streamQueueColumns(client, pool, { ...ALL_QUEUES_PARAMS })).rejects.toThrow(String(viaBytes));
      expect(pool.listSlots.inUse).toBe(0);
    } finally {
      client.close();
    }
  });

  it('a malformed list is the reference path error', async () => {
    const client = createPmtaClient({ url: node.url, apiKey: node.apiKey, format: 'json', timeoutMs: 5_000 });
    try {
      // /status is not a queue list: the scanner refuses, the reference names the problem.
      await expect(
        (async () => {
          const open: { end?: () => Promise<unknown> } = {};
          await client.streamBytes('/status', {}, (format, declared) => {
            const sink = pool.queuesStream(format as 'json', declared);
            open.end = () => sink.end();
            return { take: (c) => sink.chunk(c) };
          });
          return open.end!();
        })(),
      ).rejects.toThrow();
    } finally {
      client.close();
    }
  });
});
