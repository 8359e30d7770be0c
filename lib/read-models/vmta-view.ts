import 'server-only';
import type { Fleet } from '@/lib/fleet/fleet';

export interface VmtaView {
  vmta: string;
  nodes: string[];
  queues: number;
  domains: number;
  rcp: number;
  kb: number;
  conn: number;
  backoff: number;
  paused: number;
  topDomains: { domain: string; rcp: number }[];
}

const TOP = 5;

/** Totals per vMTA name across the fleet (the same vMTA name on several nodes adds up), or on one node. */
export function vmtaViews(fleet: Fleet, node?: string): VmtaView[] {
  // The queues page asks on every load and poll; walking 100k rows (a Map entry per domain)
  // takes 100+ ms of the server's thread: answer from the last result until a node brings a
  // new queue list.
  const tables = fleet.nodes.map((n) => n.poller.snapshot.queues);
  return fleet.derived.get(`vmtas:${node ?? ''}`, tables, () => computeVmtaViews(fleet, node));
}

function computeVmtaViews(fleet: Fleet, node?: string): VmtaView[] {
  const acc = new Map<string, VmtaView & { byDomain: Map<string, number>; nodeSet: Set<string> }>();
  for (const n of fleet.nodes) {
    const t = n.poller.snapshot.queues;
    if (!t || (node && n.config.id !== node)) continue;
    const c = t.columns;
    for (let i = 0; i < c.count; i++) {
      const name = t.vmtaOf(i);
      let v = acc.get(name);
      if (!v) {
        v = {
          vmta: name,
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
        acc.set(name, v);
      }
      const rcp = c.rcp[i]! || 0;
      v.nodeSet.add(n.config.id);
      v.queues++;
      v.rcp += rcp;
      v.kb += c.kb[i]! || 0;
      v.conn += c.conn[i]! || 0;
      if (t.isBackoff(i)) v.backoff++;
      if (t.isPaused(i)) v.paused++;
      const d = t.domainOf(i).toLowerCase();
      v.byDomain.set(d, (v.byDomain.get(d) ?? 0) + rcp);
    }
  }
  return [...acc.values()]
    .map(({ byDomain, nodeSet, ...v }) => ({
      ...v,
      nodes: [...nodeSet].sort(),
      domains: byDomain.size,
      topDomains: [...byDomain]
        .sort((a, b) => b[1] - a[1])
        .slice(0, TOP)
        .map(([domain, rcp]) => ({ domain, rcp })),
    }))
    .sort((a, b) => b.rcp - a.rcp || a.vmta.localeCompare(b.vmta));
}
