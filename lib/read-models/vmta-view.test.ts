// vmtaViewsOf (per-id sums, counting sort by vMTA) against the straightforward per-row walk it
// replaced, on two nodes sharing vMTA names, with mixed-case duplicate domains and unknown values.
import { describe, expect, it } from 'vitest';
import { columnsFromQueueData } from '@/lib/queue-store/queue-columns-from-data';
import { QueueTable } from '@/lib/queue-store/queue-table';
import { vmtaViewsOf, type NodeTable, type VmtaView } from './vmta-view';

function reference(tables: NodeTable[]): VmtaView[] {
  const acc = new Map<string, VmtaView & { byDomain: Map<string, number>; nodeSet: Set<string> }>();
  for (const { node, table: t } of tables) {
    for (let i = 0; i < t.count; i++) {
      const q = t.row(i);
      let v = acc.get(q.vmta);
      if (!v) {
        v = {
          vmta: q.vmta,
          nodes: [],
          queues: 0,
          domains: 0,
          rcp: 0,
          kb: 0,
          conn: 0,
          backoff: 0,
          paused: 0,
          topDomains: [],
          byDomain: new Map(),
          nodeSet: new Set(),
        };
        acc.set(q.vmta, v);
      }
      v.nodeSet.add(node);
      v.queues++;
      v.rcp += q.rcp ?? 0;
      v.kb += q.kb ?? 0;
      v.conn += q.conn ?? 0;
      if (q.mode === 'backoff') v.backoff++;
      if (q.paused === true) v.paused++;
      const d = q.domain.toLowerCase();
      v.byDomain.set(d, (v.byDomain.get(d) ?? 0) + (q.rcp ?? 0));
    }
  }
  return [...acc.values()]
    .map(({ byDomain, nodeSet, ...v }) => ({
      ...v,
      nodes: [...nodeSet].sort(),
      domains: byDomain.size,
      topDomains: [...byDomain]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([domain, rcp]) => ({ domain, rcp })),
    }))
    .sort((a, b) => b.rcp - a.rcp || a.vmta.localeCompare(b.vmta));
}

function table(seed: number, n: number): QueueTable {
  const domains = ['gmail.com', 'Gmail.com', 'yahoo.com', 'a.example', 'B.example', 'b.example', 'xn--bcher-kva.example', 'c10.example'];
  const queue = [];
  for (let i = 0; i < n; i++) {
    const d = domains[(i * 7 + seed) % domains.length]!;
    queue.push({
      name: `${d}/vmta-${(i + seed) % 4}`,
      rcp: i % 9 === 0 ? '' : String((i * 13 + seed) % 50),
      kb: String(((i * 3) % 7) + 0.5),
      conn: String(i % 3),
      paused: i % 5 ? 'no' : 'yes',
      mode: i % 7 ? 'normal' : 'backoff',
    });
  }
  return new QueueTable(columnsFromQueueData({ queue }));
}

describe('vmtaViewsOf', () => {
  it('equals the per-row walk over several nodes', () => {
    const tables = [
      { node: 'pmta2', table: table(1, 300) },
      { node: 'pmta1', table: table(4, 211) },
    ];
    const got = vmtaViewsOf(tables);
    expect(got.length).toBeGreaterThan(1);
    expect(got).toEqual(reference(tables));
  });

  it('an empty fleet has no vMTAs', () => {
    expect(vmtaViewsOf([{ node: 'a', table: new QueueTable(columnsFromQueueData({ queue: [] })) }])).toEqual([]);
  });
});
