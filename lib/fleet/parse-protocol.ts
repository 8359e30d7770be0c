// Messages between the poller (main thread) and the parse worker.
import type { NodeStatus } from '@/lib/pmta/types';
import type { DomainTotalsColumns, LowerDomainRcp, QueueColumns } from '@/lib/queue-store/queue-columns';

export type ParseKind = 'status' | 'queues';

export type ParseRequest =
  | {
      id: number;
      kind: ParseKind;
      format: 'xml' | 'json';
      /** The raw reply bytes, moved (not copied) to the worker. */
      body: ArrayBuffer;
    }
  | QueueStreamMessage;

/**
 * A queue list streamed to the worker while it downloads (ParsePool.queuesStream): `open`,
 * then its bytes in order (moved, not copied), then `end` (answered like a `queues` request)
 * or `abort` (not answered).
 */
export type QueueStreamMessage =
  | { id: number; kind: 'stream-open'; format: 'xml' | 'json'; declaredBytes: number | null }
  | { id: number; kind: 'stream-chunk'; body: ArrayBuffer }
  | { id: number; kind: 'stream-end' }
  | { id: number; kind: 'stream-abort' };

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
