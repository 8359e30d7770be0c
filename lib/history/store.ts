// The history store's contract. The SQLite implementation is the default (one console, one
// file); a PostgreSQL implementation for several console replicas would implement the same
// interface. Times are milliseconds on the console's clock.
import type { Counter, DomainGauge, MetricName, NodeGauge } from './metrics';
import type { BackoffPeriod, NodeOutage, Series, Tier } from './api-types';

export interface NodeSampleRow {
  node: string;
  at: number;
  /** Elapsed ms since the node's previous sample; null for the first one. */
  dtMs: number | null;
  totals: Record<Counter, number | null>;
  deltas: Record<Counter, number | null> | null;
  gauges: Record<NodeGauge, number | null>;
}

export interface DomainSampleRow {
  domain: string;
  values: Record<DomainGauge, number>;
}

export interface QueueSampleRow extends DomainSampleRow {
  vmta: string;
}

type QueueEventKind = 'backoff' | 'normal' | 'paused' | 'resumed' | 'error';

export interface QueueEventRow {
  at: number;
  node: string;
  queue: string;
  domain: string;
  vmta: string;
  kind: QueueEventKind;
  text: string | null;
}

/** Everything one poll of one node contributes; written in one transaction. */
export interface PollBatch {
  node?: NodeSampleRow;
  queues?: { node: string; at: number; domains: DomainSampleRow[]; queues: QueueSampleRow[] };
  events?: QueueEventRow[];
}

export interface QueryFilters {
  node?: string;
  domain?: string;
  /** Series limit for top-N metrics (plus one "other"). */
  top?: number;
  /** `node` = one series per node instead of the fleet sum. */
  split?: 'node';
}

export interface QueryResult {
  tier: Tier;
  step: number;
  from: number;
  to: number;
  series: Series[];
  /** Where `domain.delivered` came from. */
  source?: 'accounting' | 'backlog';
  /** Periods without a successful poll of a node (of `filters.node` only when given). */
  outages: NodeOutage[];
}

export interface HistoryStore {
  writeNodeSample(s: NodeSampleRow): void;
  writeDomainSamples(node: string, at: number, domains: DomainSampleRow[], queues: QueueSampleRow[]): void;
  writeQueueEvents(events: QueueEventRow[]): void;
  /** All parts of one poll in one transaction. */
  writePoll(batch: PollBatch): void;
  /** The newest stored counter totals of a node, so rates continue across a console restart. */
  lastNodeSample(node: string): { at: number; totals: Record<Counter, number | null> } | null;
  openQueueModes(node: string): OpenQueueModes;
  /** `now` decides which resolutions still hold the range (retention). */
  query(metric: MetricName, filters: QueryFilters, from: number, to: number, step?: number, now?: number): QueryResult;
  backoffPeriods(domain: string, from: number, to: number): BackoffPeriod[];
  /** Roll raw samples up into completed 1-minute buckets and those into 1-hour buckets. */
  rollup(now: number): { minute: number; hour: number; more: boolean };
  /** Delete one bounded chunk of expired rows; returns rows deleted (0 = nothing left to do). */
  prune(now: number, maxRows?: number): number;
  close(): void;
}

/** Queues whose newest stored event says backoff / paused (to continue diffs after a restart). */
export interface OpenQueueModes {
  backoff: Map<string, { domain: string; vmta: string }>;
  paused: Map<string, { domain: string; vmta: string }>;
}
