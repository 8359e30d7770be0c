// Worker thread of the accounting ingester: parses and counts the bytes a follower read, and
// sends back only the slices' counts (a few hundred aggregate rows per 4 MiB instead of ~9k
// records), so the main thread is left with the SQLite writes. Only pure modules are imported
// here: no `server-only`, no database, no I/O.
import { parentPort } from 'node:worker_threads';
import { SliceCounts } from '@/lib/accounting/slice-counts';
import { SliceParser } from '@/lib/accounting/slice-parser';
import type { AcctWorkerRequest, AcctWorkerResponse, WireSlice } from './parse-protocol';

/**
 * Bytes parsed and counted at a time. A piece's rows and records are all alive until it is
 * counted: a whole 4 MiB read (~9k records) outlived the young generation's scavenges and was
 * copied and promoted, which took as long as the parsing (B11: 2.9 s of worker CPU with whole
 * reads, 1.4-1.8 s with 64 KiB pieces). Copying the partial row a push holds into the next
 * piece costs ~30 ms over the bench's 223 MiB.
 */
const PIECE = 64 << 10;
const passes = new Map<number, { sp: SliceParser; piece: number }>();

parentPort?.on('message', (req: AcctWorkerRequest) => {
  if (req.op === 'open') {
    const ips = new Map(req.ips);
    passes.set(req.pass, { sp: new SliceParser(req, () => new SliceCounts(req.node, ips, req.keepDiagnostics)), piece: Math.min(PIECE, req.commitBytes) });
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
    // A piece at a time, without yielding between them: this thread has no requests to answer.
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
