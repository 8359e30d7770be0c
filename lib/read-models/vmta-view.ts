import 'server-only';
import type { Fleet } from '@/lib/fleet/fleet';
import type { QueueTable } from '@/lib/queue-store/queue-table';

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
  const tables: NodeTable[] = [];
  for (const n of fleet.nodes) {
    const table = n.poller.snapshot.queues;
    if (table && (!node || n.config.id === node)) tables.push({ node: n.config.id, table });
  }
  return vmtaViewsOf(tables);
}

export interface NodeTable {
  node: string;
  table: QueueTable;
}

interface Acc extends VmtaView {
  byDomain: Map<string, number>;
  nodeSet: Set<string>;
}

/**
 * The views from the nodes' tables. Per node the rows are summed per vMTA id into typed arrays
 * (no string work per row) and grouped by vMTA with a counting sort; only the per-domain
 * backlog (distinct domains, top five) needs a map of names, fed from lower-cased names
 * computed once per domain id rather than once per row.
 */
export function vmtaViewsOf(tables: NodeTable[]): VmtaView[] {
  const acc = new Map<string, Acc>();
  for (const { node, table: t } of tables) {
    const c = t.columns;
    const nv = t.vmtas.length;
    const sums = { queues: new Float64Array(nv), rcp: new Float64Array(nv), kb: new Float64Array(nv), conn: new Float64Array(nv) };
    const backoff = new Float64Array(nv);
    const paused = new Float64Array(nv);
    const start = new Uint32Array(nv + 1);
    for (let i = 0; i < c.count; i++) {
      const v = c.vmtaOf[i]!;
      start[v + 1]!++;
      sums.queues[v]!++;
      sums.rcp[v]! += c.rcp[i]! || 0;
      sums.kb[v]! += c.kb[i]! || 0;
      sums.conn[v]! += c.conn[i]! || 0;
      if (t.isBackoff(i)) backoff[v]!++;
      if (t.isPaused(i)) paused[v]!++;
    }
    for (let v = 0; v < nv; v++) start[v + 1]! += start[v]!;
    const next = start.slice(0, nv);
    const rowsByVmta = new Uint32Array(c.count);
    for (let i = 0; i < c.count; i++) rowsByVmta[next[c.vmtaOf[i]!]!++] = i;
    const lower = t.lowerDomainNames;
    for (let v = 0; v < nv; v++) {
      if (start[v] === start[v + 1]) continue;
      const name = t.vmtas[v]!;
      let a = acc.get(name);
      if (!a) {
        a = {
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
        acc.set(name, a);
      }
      a.nodeSet.add(node);
      a.queues += sums.queues[v]!;
      a.rcp += sums.rcp[v]!;
      a.kb += sums.kb[v]!;
      a.conn += sums.conn[v]!;
      a.backoff += backoff[v]!;
      a.paused += paused[v]!;
      for (let k = start[v]!; k < start[v + 1]!; k++) {
        const i = rowsByVmta[k]!;
        const d = lower[c.domainOf[i]!]!;
        a.byDomain.set(d, (a.byDomain.get(d) ?? 0) + (c.rcp[i]! || 0));
      }
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
