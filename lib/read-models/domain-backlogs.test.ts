// The one-pass top-N selection must equal sorting every domain and cutting the list.
import { describe, expect, it } from 'vitest';
import type { Queue } from '@/lib/pmta/types';
import type { Fleet } from '@/lib/fleet/fleet';
import { SnapshotMemo } from '@/lib/fleet/snapshot-memo';
import { toColumns } from '@/lib/queue-store/queue-columns';
import { QueueTable } from '@/lib/queue-store/queue-table';
import { domainBacklogs } from './views';

function table(seed: number, n: number): QueueTable {
  let x = seed;
  const rnd = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const queues: Queue[] = Array.from({ length: n }, (_, i) => {
    const domain = `${rnd() < 0.5 ? 'D' : 'd'}${Math.floor(rnd() * 300)}.example`; // case differs across nodes
    return {
      name: `${domain}/v${i % 3}`,
      domain,
      vmta: `v${i % 3}`,
      rcp: Math.floor(rnd() * 5) * 10,
      kb: 1,
      conn: 0,
      paused: rnd() < 0.1,
      mode: rnd() < 0.2 ? 'backoff' : 'normal',
      retryTime: null,
      events: [],
    };
  });
  return new QueueTable(toColumns({ queues, totalRcp: null, totalQueuesWithRcp: null, truncated: false }));
}

describe('domainBacklogs', () => {
  it('selects the same top N and sums the same rest as a full sort', () => {
    const tables = [table(1, 2000), table(2, 1500), table(3, 10)];
    const fleet = { nodes: tables.map((t) => ({ poller: { snapshot: { queues: t } } })), derived: new SnapshotMemo() } as unknown as Fleet;
    const all = new Map<string, { rcp: number; kb: number; queues: number; backoff: number; paused: number }>();
    for (const t of tables)
      for (let i = 0; i < t.count; i++) {
        const q = t.row(i);
        const a = all.get(q.domain.toLowerCase()) ?? { rcp: 0, kb: 0, queues: 0, backoff: 0, paused: 0 };
        all.set(q.domain.toLowerCase(), {
          rcp: a.rcp + q.rcp!,
          kb: a.kb + q.kb!,
          queues: a.queues + 1,
          backoff: a.backoff + Number(q.mode === 'backoff'),
          paused: a.paused + Number(q.paused),
        });
      }
    const sorted = [...all].map(([domain, v]) => ({ domain, ...v })).sort((a, b) => b.rcp - a.rcp || (a.domain < b.domain ? -1 : 1));
    for (const top of [1, 10, 50, 1000]) {
      const r = domainBacklogs(fleet, top);
      expect(r.top).toEqual(sorted.slice(0, top));
      const rest = sorted.slice(top);
      expect(r.other).toEqual({
        domains: rest.length,
        rcp: rest.reduce((s, d) => s + d.rcp, 0),
        kb: rest.reduce((s, d) => s + d.kb, 0),
        queues: rest.reduce((s, d) => s + d.queues, 0),
        backoff: rest.reduce((s, d) => s + d.backoff, 0),
        paused: rest.reduce((s, d) => s + d.paused, 0),
      });
    }
  });
});

describe('domainBacklogs cache', () => {
  it('answers from the last result until a node brings a new queue list', () => {
    const node = { poller: { snapshot: { queues: table(4, 300) } } };
    const fleet = { nodes: [node], derived: new SnapshotMemo() } as unknown as Fleet;
    const first = domainBacklogs(fleet, 5);
    expect(domainBacklogs(fleet, 5)).toBe(first);
    expect(domainBacklogs(fleet, 7)).not.toBe(first); // another N is its own entry…
    expect(domainBacklogs(fleet, 5)).toBe(first); // …and does not evict this one
    node.poller.snapshot.queues = table(5, 300);
    const next = domainBacklogs(fleet, 5);
    expect(next).not.toBe(first);
    expect(next.top.length).toBe(5);
  });
});
