// The history store's contract, implemented on SQLite (the default: one console, one file;
// synchronous, prepared statements, see sqlite-store.ts) and on PostgreSQL (pg-store.ts:
// time-partitioned tables several replicas share). Results are `Maybe<T>` so the SQLite store
// stays synchronous underneath: callers `await` either. Times are ms on the console's clock.
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

export type Maybe<T> = T | Promise<T>;

export interface HistoryStore {
  /** `sqlite` writes synchronously (the sampler cuts a poll into event-loop steps); others are awaited. */
  readonly kind: 'sqlite' | 'postgres';
  /** All parts of one poll in one transaction. */
  writePoll(batch: PollBatch): Maybe<void>;
  /** The newest stored counter totals of a node, so rates continue across a console restart. */
  lastNodeSample(node: string): Maybe<{ at: number; totals: Record<Counter, number | null> } | null>;
  openQueueModes(node: string): Maybe<OpenQueueModes>;
  /** `now` decides which resolutions still hold the range (retention). */
  query(metric: MetricName, filters: QueryFilters, from: number, to: number, step?: number, now?: number): Maybe<QueryResult>;
  backoffPeriods(domain: string, from: number, to: number): Maybe<BackoffPeriod[]>;
  /** Roll raw samples up into completed 1-minute buckets and those into 1-hour buckets. */
  rollup(now: number): Maybe<{ minute: number; hour: number; more: boolean }>;
  /**
   * Remove one bounded step of expired rows; returns rows removed (0 = nothing left to do).
   * SQLite deletes at most `maxRows` rows; PostgreSQL drops one expired partition per table
   * (its rows counted from the planner's estimate).
   */
  prune(now: number, maxRows?: number): Maybe<number>;
  /** Create storage ahead of time (PostgreSQL: today's and tomorrow's partitions). */
  prepareAhead?(now: number): Promise<void>;
  close(): Maybe<void>;
}

/** Queues whose newest stored event says backoff / paused (to continue diffs after a restart). */
export interface OpenQueueModes {
  backoff: Map<string, { domain: string; vmta: string }>;
  paused: Map<string, { domain: string; vmta: string }>;
}
