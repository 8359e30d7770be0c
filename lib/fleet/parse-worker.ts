// Worker thread: decodes, parses and normalises PowerMTA replies so that a 27 MB XML answer
// (seconds of fast-xml-parser time) never blocks the server's event loop. Only pure modules
// are imported here: no `server-only`, no secrets, no I/O.
import { parentPort } from 'node:worker_threads';
import { parseBody } from '@/lib/pmta/parse-body';
import { derivedIndexes, derivedTransferables, transferables } from '@/lib/queue-store/queue-columns';
import { queueColumnsFromReply } from '@/lib/queue-store/queue-columns-from-reply';
import { numericOrder } from '@/lib/queue-store/queue-table';
import type { QueueColumns } from '@/lib/queue-store/queue-columns';
import { QueueColumnsStream } from '@/lib/queue-store/queue-columns-stream';
import type { ParseRequest, ParseResponse, QueueStreamMessage } from './parse-protocol';

const decoder = new TextDecoder('utf-8');

/** Queue lists being streamed in, the worker time spent on each so far, and a failure. */
const streams = new Map<number, { stream: QueueColumnsStream; ms: number; error: string | null }>();

function onStream(req: QueueStreamMessage, started: number): void {
  if (req.kind === 'stream-open') {
    streams.set(req.id, { stream: new QueueColumnsStream(req.format, req.declaredBytes), ms: 0, error: null });
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
  sendQueues(req.id, s.stream.finish(), started - s.ms);
}

/** Sends a queue list's columns, then its derived indexes (worker time counted from `started`). */
function sendQueues(id: number, value: QueueColumns, started: number): void {
  // The typed arrays move to the main thread with the reply; keep copies of what the
  // derived indexes need (a few MB, ~1 ms) and compute those after replying.
  const keep = {
    ...value,
    rcp: value.rcp.slice(),
    kb: value.kb.slice(),
    conn: value.conn.slice(),
    flags: value.flags.slice(),
    domainOf: value.domainOf.slice(),
  };
  const res: ParseResponse = { id, ok: true, result: { kind: 'queues', value }, parseMs: performance.now() - started };
  parentPort!.postMessage(res, transferables(value));
  const t = performance.now();
  const { domainTotals, lowerDomainRcp: lower } = derivedIndexes(keep);
  const rcpOrder = numericOrder(keep.rcp);
  const extras: ParseResponse = { id, extras: { domainTotals, lowerDomainRcp: lower, rcpOrder, extrasMs: performance.now() - t } };
  const moved = derivedTransferables(domainTotals, lower);
  parentPort!.postMessage(extras, rcpOrder ? [...moved, rcpOrder.buffer as ArrayBuffer] : moved);
}

parentPort?.on('message', (req: ParseRequest) => {
  const started = performance.now();
  try {
    if (req.kind === 'stream-open' || req.kind === 'stream-chunk' || req.kind === 'stream-end' || req.kind === 'stream-abort') {
      onStream(req, started);
    } else if (req.kind === 'status') {
      const value = parseBody('status', req.format, decoder.decode(req.body));
      const res: ParseResponse = { id: req.id, ok: true, result: { kind: 'status', value }, parseMs: performance.now() - started };
      parentPort!.postMessage(res);
    } else {
      // Leaves straight into the columns (no object per queue); see queue-columns-from-reply.ts.
      sendQueues(req.id, queueColumnsFromReply(req.format, new Uint8Array(req.body)), started);
    }
  } catch (e) {
    const res: ParseResponse = { id: req.id, ok: false, error: { message: e instanceof Error ? e.message : String(e) } };
    parentPort!.postMessage(res);
  }
});
