// Worker thread of the accounting ingester: parses and counts the bytes a follower read, and
// sends back only the slices' counts (a few hundred aggregate rows per 4 MiB instead of ~9k
// records), so the main thread is left with the SQLite writes. Only pure modules are imported
// here: no `server-only`, no database, no I/O.
import { parentPort } from 'node:worker_threads';
import { SliceCounts } from '@/lib/accounting/slice-counts';
import { SliceParser } from '@/lib/accounting/slice-parser';
import type { AcctWorkerRequest, AcctWorkerResponse, WireSlice } from './parse-protocol';

const passes = new Map<number, { sp: SliceParser; piece: number }>();

parentPort?.on('message', (req: AcctWorkerRequest) => {
  if (req.op === 'open') {
    const ips = new Map(req.ips);
    passes.set(req.pass, { sp: new SliceParser(req, () => new SliceCounts(req.node, ips, req.keepDiagnostics)), piece: req.commitBytes });
    return;
  }
  if (req.op === 'close') {
    passes.delete(req.pass);
    return;
  }
  let res: AcctWorkerResponse;
  try {
    const open = passes.get(req.pass);
    if (!open) throw new Error(`no open pass ${req.pass}`);
    // A slice's worth at a time (the whole read by default): this thread has no requests to
    // answer between pieces, and each push copies the partial row it held into a new buffer.
    const { sp, piece } = open;
    const bytes = new Uint8Array(req.bytes);
    const slices: WireSlice[] = [];
    const keep = (s: ReturnType<SliceParser['take']>) => {
      if (s) slices.push({ ...s, counts: s.counts.toData() });
    };
    for (let i = 0; i < bytes.length; i += piece) keep(sp.push(bytes.subarray(i, i + piece)));
    if (req.end) sp.end();
    keep(sp.take());
    res = { pass: req.pass, seq: req.seq, ok: true, slices };
  } catch (e) {
    passes.delete(req.pass);
    res = { pass: req.pass, seq: req.seq, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(res);
});
