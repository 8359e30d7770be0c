import 'server-only';
// Read models served by the API: built from the fleet's latest snapshots on request (cheap:
// the heavy work is cached per snapshot in QueueTable), never by asking PowerMTA.
import type { NodeStatus, TrafficPeriod } from '@/lib/pmta/types';
import { evaluateBackingUp, type BackingUpVerdict } from './backing-up';
import type { Fleet, FleetNode, PublicNodeInfo } from '@/lib/fleet/fleet';
import { publicNodeInfo } from '@/lib/fleet/fleet';
import type { NodeHealth } from '@/lib/fleet/health';
import { queueListTruncation } from '@/lib/fleet/list-truncation';
import type { NodeClock } from '@/lib/fleet/node-clock';
import { nodeDown } from '@/lib/fleet/liveness';

export interface NodeView extends PublicNodeInfo {
  health: NodeHealth;
  version: string | null;
  hostName: string | null;
  /** When the newest data (status or queues) arrived. */
  dataAt: number | null;
  queueCount: number | null;
  queuesTruncated: boolean;
  /** Why the queue list is known to be incomplete (list-truncation.ts); null when it is whole. */
  truncated: { reason: string } | null;
  /** The node's clock: zone offset, or skew when it fits no zone (node-clock.ts). */
  clock: NodeClock | null;
  /** Which replica holds the node's poll lease (null: one console, no leases; lib/cluster). */
  polledBy: PolledBy | null;
}

export interface PolledBy {
  /** Null while no replica holds the lease (between a replica's death and the takeover). */
  replica: string | null;
  generation: number | null;
  /** The replica answering this request. */
  self: boolean;
}

export function nodeView(n: FleetNode, polledBy: PolledBy | null = null): NodeView {
  const s = n.poller.snapshot;
  const times = [s.statusAt, s.queuesAt].filter((t): t is number => t !== null);
  const reason = queueListTruncation(s.queues, s.status);
  return {
    ...publicNodeInfo(n.config),
    health: n.poller.health(),
    version: s.status?.product.version ?? null,
    hostName: s.status?.hostName ?? null,
    dataAt: times.length ? Math.max(...times) : null,
    queueCount: s.queues?.count ?? null,
    queuesTruncated: reason !== null || (s.queues?.columns.truncated ?? false),
    truncated: reason !== null ? { reason } : null,
    clock: s.clock,
    polledBy,
  };
}

type Counts = { rcp: number | null; msg: number | null; kb: number | null };
type Flow = { in: Counts; out: Counts };

export interface NodeTotals {
  lastMin: Flow;
  lastHr: Flow;
  total: Flow;
  connIn: { cur: number | null; max: number | null };
  connOut: { cur: number | null; max: number | null };
  queued: { rcp: number | null; domains: number | null; kb: number | null };
  spool: { rcp: number | null; maxRcp: number | null; initPct: number | null };
  bounceProcessed: number | null;
  feedbackLoopProcessed: number | null;
  queues: number | null;
  backoffQueues: number | null;
  pausedQueues: number | null;
}

const flow = (p: TrafficPeriod): Flow => ({ in: { ...p.in }, out: { ...p.out } });

function sumOrNull(values: (number | null | undefined)[]): number | null {
  const known = values.filter((v): v is number => typeof v === 'number');
  return known.length ? known.reduce((a, b) => a + b, 0) : null;
}

export function nodeTotals(status: NodeStatus | null, n: FleetNode): NodeTotals | null {
  const t = n.poller.snapshot.queues;
  if (!status && !t) return null;
  const smtp = status?.queue.smtp;
  const modes = t?.modeCounts() ?? null;
  const empty: Flow = { in: { rcp: null, msg: null, kb: null }, out: { rcp: null, msg: null, kb: null } };
  return {
    lastMin: status ? flow(status.traffic.lastMin) : empty,
    lastHr: status ? flow(status.traffic.lastHr) : empty,
    total: status ? flow(status.traffic.total) : empty,
    connIn: { cur: status?.conn.smtpIn.cur ?? null, max: status?.conn.smtpIn.max ?? null },
    connOut: { cur: status?.conn.smtpOut.cur ?? null, max: status?.conn.smtpOut.max ?? null },
    queued: { rcp: smtp?.rcp ?? null, domains: smtp?.dom ?? null, kb: smtp?.kb ?? null },
    spool: { rcp: status?.spool.totalRcp ?? null, maxRcp: status?.spool.maxRcp ?? null, initPct: status?.spool.initPct ?? null },
    bounceProcessed: status?.traffic.total.bounceProcessed ?? null,
    feedbackLoopProcessed: status?.traffic.total.feedbackLoopProcessed ?? null,
    queues: t?.count ?? null,
    backoffQueues: modes?.backoff ?? null,
    pausedQueues: modes?.paused ?? null,
  };
}

/** Field-by-field sum of node totals; a field no node reported stays null. */
export function sumTotals(list: NodeTotals[]): NodeTotals {
  const s = (pick: (t: NodeTotals) => number | null) => sumOrNull(list.map(pick));
  const f = (pick: (t: NodeTotals) => Flow): Flow => ({
    in: { rcp: s((t) => pick(t).in.rcp), msg: s((t) => pick(t).in.msg), kb: s((t) => pick(t).in.kb) },
    out: { rcp: s((t) => pick(t).out.rcp), msg: s((t) => pick(t).out.msg), kb: s((t) => pick(t).out.kb) },
  });
  return {
    lastMin: f((t) => t.lastMin),
    lastHr: f((t) => t.lastHr),
    total: f((t) => t.total),
    connIn: { cur: s((t) => t.connIn.cur), max: s((t) => t.connIn.max) },
    connOut: { cur: s((t) => t.connOut.cur), max: s((t) => t.connOut.max) },
    queued: { rcp: s((t) => t.queued.rcp), domains: s((t) => t.queued.domains), kb: s((t) => t.queued.kb) },
    spool: { rcp: s((t) => t.spool.rcp), maxRcp: s((t) => t.spool.maxRcp), initPct: null },
    bounceProcessed: s((t) => t.bounceProcessed),
    feedbackLoopProcessed: s((t) => t.feedbackLoopProcessed),
    queues: s((t) => t.queues),
    backoffQueues: s((t) => t.backoffQueues),
    pausedQueues: s((t) => t.pausedQueues),
  };
}

/** A node whose numbers are left out of a fleet sum, and why. */
export interface LeftOutNode {
  node: string;
  name: string;
  state: 'stale' | 'down';
  dataAgeSeconds: number | null;
}

/**
 * Fleet totals over the live nodes only: a stale or down node's frozen numbers would pass for
 * live data in the sum, so it is left out and named in `partial` (the tiles say "partial —
 * PMTA3 stale 38 s"), while its own row still shows its last numbers with their age.
 */
export function fleetTotals(fleet: Fleet, now = Date.now()): { totals: NodeTotals; partial: LeftOutNode[] } {
  const live: NodeTotals[] = [];
  const partial: LeftOutNode[] = [];
  for (const n of fleet.nodes) {
    const down = nodeDown(n, now);
    if (down) {
      partial.push({ node: n.config.id, name: n.config.name ?? n.config.id, state: down.state, dataAgeSeconds: down.dataAgeSeconds });
      continue;
    }
    const t = nodeTotals(n.poller.snapshot.status, n);
    if (t) live.push(t);
  }
  return { totals: sumTotals(live), partial };
}

export interface DomainBacklog {
  domain: string;
  rcp: number;
  kb: number;
  queues: number;
  backoff: number;
  paused: number;
}

export interface FleetDomainBacklogs {
  /** The `top` largest backlogs, largest first. */
  top: DomainBacklog[];
  /** Every other domain, summed (`domains` = how many). */
  other: Omit<DomainBacklog, 'domain'> & { domains: number };
}

/**
 * Fleet-wide backlog per lower-cased domain: the largest `top`, and the rest as one sum. Read
 * from each node's typed per-domain totals and selected without sorting every domain, since
 * the overview and the metrics ask for it on every request and a big fleet has 100k+ domains.
 */
export function domainBacklogs(fleet: Fleet, top: number): FleetDomainBacklogs {
  // Every browser's overview and every scrape asks between two polls: answer from the last
  // result while no node has a new queue list (merging 5 × 100k domains costs ~150 ms).
  const tables = fleet.nodes.map((n) => n.poller.snapshot.queues);
  // The overview asks for 10, the metrics for 50.
  return fleet.derived.get(`domainBacklogs:${top}`, tables, () => mergeDomainBacklogs(fleet, top));
}

function mergeDomainBacklogs(fleet: Fleet, top: number): FleetDomainBacklogs {
  const by = new Map<string, DomainBacklog>();
  for (const n of fleet.nodes) {
    const t = n.poller.snapshot.queues;
    if (!t) continue;
    const c = t.domainTotalsColumns();
    const names = t.domains;
    for (let id = 0; id < names.length; id++) {
      const key = names[id]!.toLowerCase();
      let acc = by.get(key);
      if (!acc) by.set(key, (acc = { domain: key, rcp: 0, kb: 0, queues: 0, backoff: 0, paused: 0 }));
      acc.rcp += c.rcp[id]!;
      acc.kb += c.kb[id]!;
      acc.queues += c.queues[id]!;
      acc.backoff += c.backoff[id]!;
      acc.paused += c.paused[id]!;
    }
  }
  const larger = (a: DomainBacklog, b: DomainBacklog) => b.rcp - a.rcp || (a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0);
  // Keep the `top` largest in a small sorted array: one pass, no sort of the whole map.
  const best: DomainBacklog[] = [];
  const other = { domains: 0, rcp: 0, kb: 0, queues: 0, backoff: 0, paused: 0 };
  const spill = (d: DomainBacklog) => {
    other.domains++;
    other.rcp += d.rcp;
    other.kb += d.kb;
    other.queues += d.queues;
    other.backoff += d.backoff;
    other.paused += d.paused;
  };
  for (const d of by.values()) {
    if (best.length === top && larger(d, best[top - 1]!) >= 0) {
      spill(d);
      continue;
    }
    let i = best.length;
    while (i > 0 && larger(d, best[i - 1]!) < 0) i--;
    best.splice(i, 0, d);
    if (best.length > top) spill(best.pop()!);
  }
  return { top: best, other };
}

/** Every (node, domain) the backing-up rule flags now, most severe first (backingUpSeverity), then largest backlog. */
export function backingUp(fleet: Fleet, now = Date.now()): BackingUpVerdict[] {
  const out: BackingUpVerdict[] = [];
  const t = fleet.config.backingUp;
  for (const n of fleet.nodes) {
    const table = n.poller.snapshot.queues;
    if (!table) continue;
    // Typed per-domain totals in backlog order: stop at the first domain under the threshold
    // without building an object for every domain of a big node.
    const tc = table.domainTotalsColumns();
    for (let k = 0; k < tc.order.length; k++) {
      const id = tc.order[k]!;
      if (tc.rcp[id]! < t.minRcp) break; // sorted by backlog: nothing smaller can qualify
      if (tc.backoff[id] === 0 && tc.paused[id] === 0 && tc.conn[id]! > 0) continue;
      const domain = table.domainName(id);
      const rows = table.rowsOfDomain(domain).map((i) => table.row(i));
      const v = evaluateBackingUp(n.config.id, domain.toLowerCase(), fleet.history.domainTrend(n.config.id, domain), rows, t, now, n.poller.snapshot.clock);
      if (v.backingUp) out.push(v);
    }
  }
  return out.sort((a, b) => b.severity - a.severity || b.rcp - a.rcp || a.domain.localeCompare(b.domain) || a.node.localeCompare(b.node));
}
