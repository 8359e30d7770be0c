// Messages between the poller (main thread) and the parse worker.
import type { NodeStatus } from '@/lib/pmta/types';
import type { DomainTotalsColumns, LowerDomainRcp, QueueColumns } from '@/lib/queue-store/queue-columns';

export type ParseKind = 'status' | 'queues';

export interface ParseRequest {
  id: number;
  kind: ParseKind;
  format: 'xml' | 'json';
  /** The raw reply bytes, moved (not copied) to the worker. */
  body: ArrayBuffer;
}

export type ParseResult = { kind: 'status'; value: NodeStatus } | { kind: 'queues'; value: QueueColumns };

/**
 * Indexes derived from a queue list (per-domain totals and sums). The worker sends them in a
 * second message right after the columns, so the snapshot is served without waiting for them.
 */
export interface QueueExtras {
  domainTotals: DomainTotalsColumns;
  lowerDomainRcp: LowerDomainRcp;
  /** Rows by rcp (QueueTable.order('rcp'), the queue list's default sort); null = sort on demand. */
  rcpOrder: Uint32Array | null;
  extrasMs: number;
}

export type ParseResponse =
  { id: number; ok: true; result: ParseResult; parseMs: number } | { id: number; ok: false; error: { message: string } } | { id: number; extras: QueueExtras };
