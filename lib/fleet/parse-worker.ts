// Worker thread: decodes, parses and normalises PowerMTA replies so that a 27 MB XML answer
// (seconds of fast-xml-parser time) never blocks the server's event loop. Only pure modules
// are imported here: no `server-only`, no secrets, no I/O.
import { parentPort } from 'node:worker_threads';
import { parseBody } from '@/lib/pmta/parse-body';
import { derivedIndexes, derivedTransferables, transferables } from '@/lib/queue-store/queue-columns';
import { queueColumnsFromReply } from '@/lib/queue-store/queue-columns-from-reply';
import { numericOrder } from '@/lib/queue-store/queue-table';
import type { ParseRequest, ParseResponse } from './parse-protocol';

const decoder = new TextDecoder('utf-8');

parentPort?.on('message', (req: ParseRequest) => {
  const started = performance.now();
  try {
    if (req.kind === 'status') {
      const value = parseBody('status', req.format, decoder.decode(req.body));
      const res: ParseResponse = { id: req.id, ok: true, result: { kind: 'status', value }, parseMs: performance.now() - started };
      parentPort!.postMessage(res);
    } else {
      // Leaves straight into the columns (no object per queue); see queue-columns-from-reply.ts.
      const value = queueColumnsFromReply(req.format, new Uint8Array(req.body));
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
      const res: ParseResponse = { id: req.id, ok: true, result: { kind: 'queues', value }, parseMs: performance.now() - started };
      parentPort!.postMessage(res, transferables(value));
      const t = performance.now();
      const { domainTotals, lowerDomainRcp: lower } = derivedIndexes(keep);
      const rcpOrder = numericOrder(keep.rcp);
      const extras: ParseResponse = { id: req.id, extras: { domainTotals, lowerDomainRcp: lower, rcpOrder, extrasMs: performance.now() - t } };
      const moved = derivedTransferables(domainTotals, lower);
      parentPort!.postMessage(extras, rcpOrder ? [...moved, rcpOrder.buffer as ArrayBuffer] : moved);
    }
  } catch (e) {
    const res: ParseResponse = { id: req.id, ok: false, error: { message: e instanceof Error ? e.message : String(e) } };
    parentPort!.postMessage(res);
  }
});
