import 'server-only';
// Inputs other components provide to history, injected by the composition root
// (lib/runtime): operator actions (the audit log) for chart annotations, and per-domain
// delivered counts from accounting files. Without them charts show no annotations and the
// delivered rate of a domain falls back to the net drain of its backlog.
import type { ChartAnnotation } from './api-types';

interface AnnotationQuery {
  from: number;
  to: number;
  /** Only actions whose pattern can touch this domain (the history layer filters again). */
  domain?: string;
}
/** Synchronous (SQLite) or not (the audit log on PostgreSQL): both are awaited. */
export type AnnotationSource = (q: AnnotationQuery) => ChartAnnotation[] | Promise<ChartAnnotation[]>;

/** Delivered recipients of one domain per bucket [t, t + step), or null when accounting has no data for the range. */
export type DeliveredSource = (q: {
  domain: string;
  from: number;
  to: number;
  step: number;
}) => Map<number, number> | null | Promise<Map<number, number> | null>;

/** A queue's own message lifetime (`bounce-after`, seconds) when its settings are known; null = use the configured one. */
export type QueueLifetimeSource = (node: string, queue: string) => number | null;
