// Fleet.domainTotals() is kept incrementally (per node, with an arithmetic-only path when a
// node's domain names did not change). It must always equal summing every node's latest
// table afresh, as domain sets grow, shrink and change case.
import { afterAll, describe, expect, it } from 'vitest';
import { configSchema } from '@/lib/config/schema';
import type { PmtaClient } from '@/lib/pmta/client';
import { Fleet } from './fleet';
import { getParsePool } from './parse-pool';

const replies = new Map<string, { name: string; rcp: number }[]>();

function fakeClient(id: string): PmtaClient {
  return {
    fetchBytes: async (path: string) => {
      if (path !== '/queues') throw new Error('not served');
      const data = { queue: replies.get(id)!.map((q) => ({ ...q, kb: 1, conn: 0 })) };
      return { format: 'json', body: Buffer.from(JSON.stringify({ data, status: 'success', message: '' })), bytes: 0, ms: 0 };
    },
  } as unknown as PmtaClient;
}

function naive(f: Fleet): Record<string, number> {
  const by: Record<string, number> = {};
  for (const n of f.nodes) for (const d of n.poller.snapshot.queues?.domainTotals() ?? []) by[d.domain.toLowerCase()] = (by[d.domain.toLowerCase()] ?? 0) + d.rcp;
  return by;
}

const fleets: Fleet[] = [];
afterAll(() => fleets.forEach((f) => f.stop()));

describe('Fleet.domainTotals', () => {
  it('equals a fresh sum over every node after each round of polls', async () => {
    const f = new Fleet(configSchema.parse({ nodes: [{ id: 'a', url: 'http://127.0.0.1:1' }, { id: 'b', url: 'http://127.0.0.1:2' }] }), getParsePool(), (c) => fakeClient(c.id));
    fleets.push(f);
    const rounds: [Record<string, number>, Record<string, number>][] = [
      [{ 'Gmail.com/v1': 5, 'gmail.com/v2': 7, 'x.com/v1': 1 }, { 'gmail.com/v1': 2, 'y.com/v1': 3 }],
      [{ 'Gmail.com/v1': 6, 'gmail.com/v2': 1, 'x.com/v1': 0 }, { 'gmail.com/v1': 9, 'y.com/v1': 3 }], // same names: arithmetic path
      [{ 'gmail.com/v1': 4, 'z.com/v1': 2 }, { 'gmail.com/v1': 9, 'y.com/v1': 3 }], // a's domains change
      [{}, { 'y.com/v1': 1 }], // a empties, gmail.com leaves the fleet
      [{ 'x.com/v1': 8 }, { 'y.com/v1': 1, 'x.com/v2': 2 }],
    ];
    for (const [a, b] of rounds) {
      replies.set('a', Object.entries(a).map(([name, rcp]) => ({ name, rcp })));
      replies.set('b', Object.entries(b).map(([name, rcp]) => ({ name, rcp })));
      await f.pollAll();
      const got = Object.fromEntries(f.domainTotals().map((d) => [d.domain, d.rcp]));
      expect(got).toEqual(naive(f));
    }
  });
});
