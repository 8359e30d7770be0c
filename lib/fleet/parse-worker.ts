// Worker thread: decodes, parses and normalises PowerMTA replies so that a 27 MB XML answer
// (seconds of fast-xml-parser time) never blocks the server's event loop. Only pure modules
// are imported here: no `server-only`, no secrets, no I/O.
import { parentPort } from 'node:worker_threads';
import { parseBody } from '@/lib/pmta/parse-body';
import { derivedIndexes, derivedTransferables, transferables, type QueueColumns } from '@/lib/queue-store/queue-columns';
import { queueColumnsFromReply } from '@/lib/queue-store/queue-columns-from-reply';
import { mergePartials, partialProblem, type MergeBase } from '@/lib/queue-store/queue-merge';
import { numericOrder } from '@/lib/queue-store/queue-table';
import { QueueColumnsStream } from '@/lib/queue-store/queue-columns-stream';
import type { ParseErrorCode, ParseRequest, ParseResponse, QueueStreamMessage } from './parse-protocol';

const decoder = new TextDecoder('utf-8');

/**
 * The last table of each adaptively polled node (lib/queue-store/queue-merge.ts), kept here
 * where the columns are built: a partial poll patches it instead of shipping 100k rows back
 * and forth. Lost with the worker; the poller then fetches a full list.
 */
const bases = new Map<string, MergeBase>();

class MergeRefused extends Error {
  constructor(
    readonly code: ParseErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Queue lists being streamed in, the worker time spent on each so far, and a failure. */
const streams = new Map<number, { stream: QueueColumnsStream; ms: number; error: string | null; keep?: { key: string; at: number } }>();

function onStream(req: QueueStreamMessage, started: number): void {
  if (req.kind === 'stream-open') {
    streams.set(req.id, { stream: new QueueColumnsStream(req.format, req.declaredBytes), ms: 0, error: null, keep: req.keep });
    return;
  }
  const s = streams.get(req.id);
  if (req.kind === 'stream-abort') {
    streams.delete(req.id);
    return;
  }
  if (req.kind === 'stream-chunk') {
    if (!s || s.error) return;
    try {
      s.stream.push(new Uint8Array(req.body));
    } catch (e) {
      s.error = e instanceof Error ? e.message : String(e);
    }
    s.ms += performance.now() - started;
    return;
  }
  // `end` of a stream this worker never opened (it was restarted in between): an error.
  if (!s) throw new Error('parse worker restarted while the queue list arrived');
  streams.delete(req.id);
  if (s.error) throw new Error(s.error);
  sendFull(req.id, s.stream.finish(), started - s.ms, s.keep);
}

/** Own copies of the typed arrays that go to the main thread (a few MB, ~1 ms). */
function ownCopy(c: QueueColumns): QueueColumns {
  return {
    ...c,
    rcp: c.rcp.slice(),
    kb: c.kb.slice(),
    conn: c.conn.slice(),
    flags: c.flags.slice(),
    domainOf: c.domainOf.slice(),
    vmtaOf: c.vmtaOf.slice(),
    seenAt: c.seenAt?.slice(),
    domainTotals: undefined,
    lowerDomainRcp: undefined,
    rcpOrder: undefined,
  };
}

/**
 * Sends a queue table, then its derived indexes in a second message. The typed arrays move to
 * the main thread with the reply: the indexes are computed after replying, from `keep`, the
 * same rows in arrays the worker keeps.
 */
function sendQueues(id: number, value: QueueColumns, started: number, keep: QueueColumns = ownCopy(value)): void {
  const res: ParseResponse = { id, ok: true, result: { kind: 'queues', value }, parseMs: performance.now() - started };
  parentPort!.postMessage(res, transferables(value));
  const t = performance.now();
  const { domainTotals, lowerDomainRcp: lower } = derivedIndexes(keep);
  const rcpOrder = numericOrder(keep.rcp);
  const extras: ParseResponse = { id, extras: { domainTotals, lowerDomainRcp: lower, rcpOrder, extrasMs: performance.now() - t } };
  const moved = derivedTransferables(domainTotals, lower);
  parentPort!.postMessage(extras, rcpOrder ? [...moved, rcpOrder.buffer as ArrayBuffer] : moved);
}

/** A full list's columns sent, and kept as adaptive polling's base when asked (`keep`). */
function sendFull(id: number, value: QueueColumns, started: number, keep?: { key: string; at: number }): void {
  const own = ownCopy(value);
  if (keep) bases.set(keep.key, { columns: own, fullAt: keep.at });
  sendQueues(id, value, started, own);
}

/** The merged table (a copy to send) and the kept base it now is. */
function merge(req: Extract<ParseRequest, { kind: 'merge' }>): { out: QueueColumns; kept: QueueColumns } {
  const base = bases.get(req.key);
  if (!base) throw new MergeRefused('no-base', 'no full queue list to merge into');
  // One failed partial poll ends the chain: the next poll must be a full list.
  bases.delete(req.key);
  const parts = req.parts.map((p) => {
    let columns: QueueColumns;
    try {
      columns = queueColumnsFromReply(p.format, new Uint8Array(p.body));
    } catch (e) {
      throw new MergeRefused('malformed', `the ${p.kind} list: ${e instanceof Error ? e.message : String(e)}`);
    }
    const problem = partialProblem(p.kind, columns, req.topN);
    if (problem) throw new MergeRefused('wrong-partial', problem);
    return { kind: p.kind, columns };
  });
  const next = mergePartials(base, parts, req.at);
  bases.set(req.key, next);
  return { out: ownCopy(next.columns), kept: next.columns };
}

parentPort?.on('message', (req: ParseRequest) => {
  const started = performance.now();
  try {
    if (req.kind === 'stream-open' || req.kind === 'stream-chunk' || req.kind === 'stream-end' || req.kind === 'stream-abort') {
      onStream(req, started);
    } else if (req.kind === 'forget') {
      bases.delete(req.key);
    } else if (req.kind === 'merge') {
      const { out, kept } = merge(req);
      sendQueues(req.id, out, started, kept);
    } else if (req.kind === 'status') {
      const value = parseBody('status', req.format, decoder.decode(req.body));
      const res: ParseResponse = { id: req.id, ok: true, result: { kind: 'status', value }, parseMs: performance.now() - started };
      parentPort!.postMessage(res);
    } else {
      // Leaves straight into the columns (no object per queue); see queue-columns-from-reply.ts.
      sendFull(req.id, queueColumnsFromReply(req.format, new Uint8Array(req.body)), started, req.keep);
    }
  } catch (e) {
    const code = e instanceof MergeRefused ? e.code : undefined;
    const res: ParseResponse = { id: req.id, ok: false, error: { message: e instanceof Error ? e.message : String(e), ...(code ? { code } : {}) } };
    parentPort!.postMessage(res);
  }
});
