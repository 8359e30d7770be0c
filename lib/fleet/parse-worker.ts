// Worker thread: decodes, parses and normalises PowerMTA replies so that a 27 MB XML answer
// (seconds of fast-xml-parser time) never blocks the server's event loop. Only pure modules
// are imported here: no `server-only`, no secrets, no I/O.
import { parentPort } from 'node:worker_threads';
import { parseBody, parseData } from '@/lib/pmta/parse-body';
import { domainTotalsColumns, lowerDomainRcp, transferables } from './queue-columns';
import { columnsFromQueueData } from './queue-columns-from-data';
import type { ParseRequest, ParseResponse } from './parse-protocol';

const decoder = new TextDecoder('utf-8');

parentPort?.on('message', (req: ParseRequest) => {
  const started = performance.now();
  try {
    const text = decoder.decode(req.body);
    if (req.kind === 'status') {
      const value = parseBody('status', req.format, text);
      const res: ParseResponse = { id: req.id, ok: true, result: { kind: 'status', value }, parseMs: performance.now() - started };
      parentPort!.postMessage(res);
    } else {
      const value = columnsFromQueueData(parseData('queues', req.format, text));
      value.domainTotals = domainTotalsColumns(value);
      value.lowerDomainRcp = lowerDomainRcp(value, value.domainTotals);
      const res: ParseResponse = { id: req.id, ok: true, result: { kind: 'queues', value }, parseMs: performance.now() - started };
      parentPort!.postMessage(res, transferables(value));
    }
  } catch (e) {
    const res: ParseResponse = { id: req.id, ok: false, error: { message: e instanceof Error ? e.message : String(e) } };
    parentPort!.postMessage(res);
  }
});
