import 'server-only';
// Inputs other components provide to history, wired by the lead where the console starts:
// operator actions (audit log) for chart annotations, and per-domain delivered counts from
// accounting files. Until wired, charts show no annotations and the delivered rate of a
// domain falls back to the net drain of its backlog.
import type { ChartAnnotation } from './api-types';

export interface AnnotationQuery {
  from: number;
  to: number;
  /** Only actions whose pattern can touch this domain (the history layer filters again). */
  domain?: string;
}
export type AnnotationSource = (q: AnnotationQuery) => ChartAnnotation[];

/** Delivered recipients of one domain per bucket [t, t + step), or null when accounting has no data for the range. */
export type DeliveredSource = (q: { domain: string; from: number; to: number; step: number }) => Map<number, number> | null;

const g = globalThis as typeof globalThis & { __pmtaHistorySources?: { annotations?: AnnotationSource; delivered?: DeliveredSource } };
const sources = (g.__pmtaHistorySources ??= {});

export function setAnnotationSource(fn: AnnotationSource | undefined): void {
  sources.annotations = fn;
}

export function setDeliveredSource(fn: DeliveredSource | undefined): void {
  sources.delivered = fn;
}

export function annotationSource(): AnnotationSource | undefined {
  return sources.annotations;
}

export function deliveredSource(): DeliveredSource | undefined {
  return sources.delivered;
}
