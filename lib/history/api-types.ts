// Response shapes of /api/history*, shared by the server and the chart components.
import type { MetricName } from './metrics';

export type Tier = 'raw' | '1m' | '1h';

/** `[time ms, value]`; `null` = no data (the line breaks). */
export type Point = [number, number | null];

export interface Series {
  /** Stable key for charts: `fleet`, a node id, a domain, `node/vmta`, or `other`. */
  key: string;
  label: string;
  node?: string;
  domain?: string;
  vmta?: string;
  points: Point[];
}

export interface HistoryResponse {
  metric: MetricName;
  from: number;
  to: number;
  step: number;
  tier: Tier;
  series: Series[];
  /** Where `domain.delivered` came from. */
  source?: 'accounting' | 'backlog';
  /** Periods without a successful poll of a node in the range (lib/history/outages.ts). */
  outages: NodeOutage[];
}

/** An operator action drawn on a chart (from the audit log). */
export interface ChartAnnotation {
  at: number;
  user: string;
  action: string;
  pattern: string;
  nodes: string[];
}

/** A period in which the console had no successful poll of a node (down, hung, or the console off). */
export interface NodeOutage {
  node: string;
  from: number;
  /** null = still going on. */
  to: number | null;
}

export interface BackoffPeriod {
  node: string;
  queue: string;
  from: number;
  /** null = still in backoff. */
  to: number | null;
  reason: string | null;
}

type DrainStatus = 'empty' | 'draining' | 'steady' | 'growing' | 'unknown';

export interface DrainEstimate {
  rcp: number;
  /** Net backlog change per minute over the window (negative = draining). */
  slopePerMin: number | null;
  status: DrainStatus;
  /** Milliseconds until the backlog clears at the current net rate; null = never/unknown. */
  etaMs: number | null;
  clearsAt: number | null;
  /** A measured drain ETA passes the message lifetime (`bounce-after`): the oldest messages will expire. */
  expiryRisk: boolean;
  reason: string;
}

export interface DrainResponse {
  generatedAt: number;
  domain: string;
  windowMinutes: number;
  /** The shortest lifetime among the domain's queues (the configured one when none is known). */
  lifetimeSeconds: number;
  domainEstimate: DrainEstimate;
  /** `lifetimeFrom`: the queue's own `bounce-after` from its settings, or the configured `bounceAfter`. */
  queues: (DrainEstimate & { node: string; queue: string; vmta: string; lifetimeSeconds: number; lifetimeFrom: 'queue' | 'config' })[];
}

export interface DomainHistoryResponse {
  domain: string;
  from: number;
  to: number;
  step: number;
  tier: Tier;
  /** Backlog per queue (node/vMTA), top 10 plus "other". */
  backlog: Series[];
  delivered: Series;
  deliveredSource: 'accounting' | 'backlog';
  /** Cut at the node's outages: a band never spans a period with no data. */
  backoffPeriods: BackoffPeriod[];
  outages: NodeOutage[];
  annotations: ChartAnnotation[];
}
