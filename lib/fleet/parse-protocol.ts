// Messages between the poller (main thread) and the parse worker.
import type { NodeStatus } from '@/lib/pmta/types';
import type { DomainTotalsColumns, LowerDomainRcp, QueueColumns } from '@/lib/queue-store/queue-columns';
import type { PartialKind } from '@/lib/queue-store/queue-merge';

export type ParseKind = 'status' | 'queues';

export type ParseRequest =
  | {
      id: number;
      kind: ParseKind;
      format: 'xml' | 'json';
      /** The raw reply bytes, moved (not copied) to the worker. */
      body: ArrayBuffer;
      /**
       * Queue lists only: keep this full list in the worker under this key, fetched at `at`,
       * as the base that the node's partial lists are merged into (adaptive polling).
       */
      keep?: { key: string; at: number };
    }
  | {
      id: number;
      kind: 'merge';
      /** The base kept by an earlier full list (`keep.key`). */
      key: string;
      /** When the partial lists were fetched. */
      at: number;
      topN: number;
      parts: { kind: PartialKind; format: 'xml' | 'json'; body: ArrayBuffer }[];
    }
  /** Drop a kept base (its poller stopped). No answer. */
  | { id: number; kind: 'forget'; key: string }
  | QueueStreamMessage;

/**
 * A queue list streamed to the worker while it downloads (ParsePool.queuesStream): `open`,
 * then its bytes in order (moved, not copied), then `end` (answered like a `queues` request)
 * or `abort` (not answered).
 */
export type QueueStreamMessage =
  | { id: number; kind: 'stream-open'; format: 'xml' | 'json'; declaredBytes: number | null; keep?: { key: string; at: number } }
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

/**
 * Why a merge was refused: `no-base` (no full list kept under the key: the worker restarted, or
 * none was fetched yet), `wrong-partial` (a partial reply is not what was asked for, see
 * partialProblem), `malformed` (a partial reply did not parse).
 */
export type ParseErrorCode = 'no-base' | 'wrong-partial' | 'malformed';

export type ParseResponse =
  | { id: number; ok: true; result: ParseResult; parseMs: number }
  | { id: number; ok: false; error: { message: string; code?: ParseErrorCode } }
  | { id: number; extras: QueueExtras };
