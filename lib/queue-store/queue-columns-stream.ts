// A `/queues` reply → QueueColumns while it arrives: the parse worker is handed the reply in
// pieces as the poller downloads it, and reads every whole `<queue>…</queue>` that is in so far,
// so reading a 100k-queue list overlaps its transfer instead of starting after it. Each piece
// is read as its own latin1 string (utf8-leaves.ts) by the XML column scanner
// (XmlColumnsReader: any run of whole elements reads as it reads inside the whole reply).
// JSON pieces go to the resumable JSON column reader (JsonColumnsReader), which reads every
// whole queue in so far and takes up a queue cut by a piece's end with the next piece.
// The bytes are kept: whenever a scanner refuses something, queueColumnsFromReply reads the whole reply as
// it does without streaming (column scanner, else the reference path with its errors), so
// the result is the same whatever the pieces (queue-columns-stream.test.ts cuts at every
// position).
//
// Pure module: the parse worker loads it.
import { Buffer } from 'node:buffer';
import { HEAD } from '@/lib/pmta/xml-queues-scan';
import type { PmtaFormat } from '@/lib/pmta/types';
import type { QueueColumns } from './queue-columns';
import { builderForJson, JsonColumnsReader } from './queue-columns-from-json';
import { builderForXml, XmlColumnsReader, xmlTailAt } from './queue-columns-from-xml';
import { queueColumnsFromReply } from './queue-columns-from-reply';
import { latin1Text } from './utf8-leaves';

const QUEUE_END = Buffer.from('</queue>', 'latin1');
const HEAD_BYTES = Buffer.from(HEAD, 'latin1');

export class QueueColumnsStream {
  private buf: Buffer;
  private len = 0;
  /** XML: bytes read by the reader so far (the head, then up to after a `</queue>`); 0 before. */
  private scanned = 0;
  private reader: XmlColumnsReader | null;
  /** JSON: the reader, reading from byte `scanned` on; null once refused. */
  private json: JsonColumnsReader | null;

  constructor(
    readonly format: PmtaFormat,
    /** The reply's length when the node declared it (sizes the buffer; it grows if short). */
    declaredBytes: number | null = null,
  ) {
    this.buf = Buffer.allocUnsafeSlow(Math.max(1024, declaredBytes ?? 1 << 20));
    const size = Math.max(declaredBytes ?? 0, 1 << 16);
    this.reader = format === 'xml' ? new XmlColumnsReader(builderForXml(size)) : null;
    this.json = format === 'json' ? new JsonColumnsReader(builderForJson(size)) : null;
  }

  /** Takes the next piece of the reply (copied), and reads what it completes. */
  push(chunk: Uint8Array): void {
    if (this.len + chunk.length > this.buf.length) {
      const next = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.len + chunk.length));
      this.buf.copy(next, 0, 0, this.len);
      this.buf = next;
    }
    this.buf.set(chunk, this.len);
    this.len += chunk.length;
    if (this.reader) this.advance();
    else if (this.json?.reading) this.readJson(false);
  }

  /** Hands the JSON reader the bytes from where it stopped (all the rest when `last`). */
  private readJson(last: boolean): void {
    const piece = this.buf.subarray(this.scanned, this.len);
    const used = this.json!.read(latin1Text(piece), piece, last);
    if (used === -1) this.json = null;
    else this.scanned += used;
  }

  /** Reads every whole element that has arrived (up to the last `</queue>` in). */
  private advance(): void {
    if (this.scanned === 0) {
      if (this.len < HEAD_BYTES.length) return;
      if (this.buf.compare(HEAD_BYTES, 0, HEAD_BYTES.length, 0, HEAD_BYTES.length) !== 0) {
        this.reader = null;
        return;
      }
      this.scanned = HEAD_BYTES.length;
    }
    const at = this.buf.subarray(this.scanned, this.len).lastIndexOf(QUEUE_END);
    if (at === -1) return;
    const piece = this.buf.subarray(this.scanned, this.scanned + at + QUEUE_END.length);
    const s = latin1Text(piece);
    if (!this.reader!.segment(s, piece, 0, s.length)) this.reader = null;
    this.scanned += piece.length;
  }

  /** After finish: the whole reply had to be read at the end (the scanner refused). */
  readWhole = false;

  /** The columns of the whole reply, as queueColumnsFromReply gives them (or its error). */
  finish(): QueueColumns {
    const bytes = new Uint8Array(this.buf.buffer, this.buf.byteOffset, this.len);
    if (this.json) {
      this.readJson(true);
      const done = this.json?.finish();
      if (done) return done;
    }
    if (this.reader) {
      this.advance();
      if (this.reader && this.scanned > 0) {
        const rest = this.buf.subarray(this.scanned, this.len);
        const s = latin1Text(rest);
        const stop = xmlTailAt(s);
        const done = stop !== -1 && this.reader.segment(s, rest, 0, stop) ? this.reader.finish() : null;
        if (done) return done;
      }
    }
    this.readWhole = true;
    return queueColumnsFromReply(this.format, bytes);
  }
}
