// `/queues` XML text straight into QueueColumns: the fixed-shape scanner of
// lib/pmta/xml-queues-scan.ts fused with columnsFromQueueData, so that a 100k-queue reply
// never becomes 100k `<queue>` objects (and 100k leaf strings for numbers) on its way to the
// typed arrays. It accepts exactly what that scanner accepts — same shape, same refusals, the
// same leaf decoding (leafValue) — and coerces leaves as columnsFromQueueData does (the same
// coerce.ts readers; common leaves such as `<rcp>12</rcp>` or `<paused>no</paused>` are read
// in place first, with the value those readers give). Anything else — an unexpected shape, a
// leaf those readers reject, a missing name — returns null: the caller then takes the
// reference path (scanner or fast-xml-parser, then columnsFromQueueData), which produces the
// error with its path. Proven equal to that path by queue-columns-from-xml.test.ts.
//
// Pure module: the parse worker loads it.
import { bool, mode as modeOf, num } from '@/lib/pmta/coerce';
import type { QueueEvent, QueueMode } from '@/lib/pmta/types';
import { HEAD, leafValue, TAIL } from '@/lib/pmta/xml-queues-scan';
import { ColumnsBuilder, queueFlags, type QueueColumns } from './queue-columns';
import { rawText } from './utf8-leaves';

/** Thrown inside the scanner to give up the fast path; never escapes columnsFromQueuesXml. */
class Refused {}
const REFUSED = new Refused();

const NO_EVENTS: QueueEvent[] = [];
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

// Leaf bits of one <queue> (each may appear once) and of <data>.
const NAME = 1;
const RCP = 2;
const KB = 4;
const CONN = 8;
const PAUSED = 16;
const MODE = 32;
const RETRY = 64;
const EVENT = 128;

class ColumnsScanner {
  pos: number;
  /** Start and end of the last leaf's raw text (end = its `</`); start = end for `<x/>`. */
  start = 0;
  end = 0;

  constructor(
    readonly s: string,
    /** The reply's bytes when `s` is their latin1 reading (see utf8-leaves.ts). */
    readonly bytes: Uint8Array | null,
    from: number,
  ) {
    this.pos = from;
  }

  /**
   * At `<`: does leaf `tag` open here (`<tag>` or `<tag/>`)? Then its raw text is
   * [start, end) and `pos` is after its end tag. A text must not contain an element.
   */
  leaf(tag: string): boolean {
    const s = this.s;
    const p = this.pos + 1;
    if (!s.startsWith(tag, p)) return false;
    const after = s.charCodeAt(p + tag.length);
    if (after === 47 /* / */) {
      if (s.charCodeAt(p + tag.length + 1) !== 62) throw REFUSED;
      this.start = this.end = this.pos = p + tag.length + 2;
      return true;
    }
    if (after !== 62 /* > */) return false;
    const start = p + tag.length + 1;
    const lt = s.indexOf('<', start);
    if (lt === -1 || s.charCodeAt(lt + 1) !== 47 || !s.startsWith(tag, lt + 2) || s.charCodeAt(lt + 2 + tag.length) !== 62) throw REFUSED;
    this.start = start;
    this.end = lt;
    this.pos = lt + 3 + tag.length;
    return true;
  }

  /** The last leaf's value as the reference scanner gives it (decoded; refuses what it refuses). */
  text(): string {
    return this.start === this.end ? '' : leafValue(rawText(this.s, this.bytes, this.start, this.end));
  }

  /** The last leaf as `num` reads it; plain decimals (`12`, `22516.0`) without a string. */
  number(): number | null {
    const s = this.s;
    const end = this.end;
    let i = this.start;
    if (i === end || end - i > 15) return num(this.text(), '', '');
    let n = 0;
    let scale = 0;
    let dot = false;
    for (; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c >= 48 && c <= 57) {
        n = n * 10 + (c - 48);
        if (dot) scale++;
      } else if (c === 46 && !dot) {
        dot = true;
      } else {
        return num(this.text(), '', '');
      }
    }
    if (dot && end - this.start === 1) return num(this.text(), '', ''); // a lone "."
    // At most 15 digits (15 characters): n and 10^scale are exact, so the division is the correctly rounded
    // value of the decimal, which is what Number() gives.
    return scale === 0 ? n : n / POW10[scale]!;
  }

  /** `<event>…</event>` (pos after `<event>`), as normaliseEvent builds it. */
  event(): QueueEvent {
    let type: string | null = null;
    let time: string | null = null;
    let text: string | null = null;
    let seen = 0;
    for (;;) {
      const s = this.s;
      if (s.charCodeAt(this.pos) !== 60) throw REFUSED;
      if (s.charCodeAt(this.pos + 1) === 47) {
        if (seen === 0 || !s.startsWith('event>', this.pos + 2)) throw REFUSED;
        this.pos += 8;
        return { type, time, text: text ?? '' };
      }
      let bit: number;
      if (this.leaf('type')) bit = 1;
      else if (this.leaf('time')) bit = 2;
      else if (this.leaf('text')) bit = 4;
      else throw REFUSED;
      if (seen & bit) throw REFUSED; // a repeated leaf becomes an array in fast-xml-parser
      seen |= bit;
      const v = this.text() || null;
      if (bit === 1) type = v;
      else if (bit === 2) time = v;
      else text = v;
    }
  }

  /**
   * Is the last leaf's raw text its own value (leafValue would return it unchanged)? Then it
   * can be copied into a column from the reply text without a string of its own.
   */
  plain(): boolean {
    const s = this.s;
    const start = this.start;
    const end = this.end;
    if (start === end) return true;
    const first = s.charCodeAt(start);
    const last = s.charCodeAt(end - 1);
    if (first <= 32 || last <= 32) return false;
    for (let i = start; i < end; i++) {
      const c = s.charCodeAt(i);
      // `&` needs decoding, CR is refused; non-ASCII may be UTF-8 bytes still to decode, or
      // white space at an edge: leave them to text().
      if (c === 38 /* & */ || c === 13 || c >= 0x80) return false;
    }
    return true;
  }

  /** One `<queue>` (pos after `<queue>`) into row `row`. */
  queue(b: ColumnsBuilder, row: number): void {
    const s = this.s;
    // A leaf's text as a range of `src`: the reply text, or its decoded string when it had to be.
    let nameSrc = s;
    let nameFrom = 0;
    let nameTo = 0;
    let retrySrc = s;
    let retryFrom = 0;
    let retryTo = 0;
    let rcp: number | null = null;
    let kb: number | null = null;
    let conn: number | null = null;
    let paused: boolean | null = null;
    let mode: QueueMode | null = null;
    let events = NO_EVENTS;
    let seen = 0;
    for (;;) {
      const p = this.pos;
      if (s.charCodeAt(p) !== 60) throw REFUSED;
      const c = s.charCodeAt(p + 1);
      if (c === 47 /* </ */) {
        if (!s.startsWith('queue>', p + 2)) throw REFUSED;
        this.pos = p + 8;
        break;
      }
      let bit: number;
      if (c === 101 /* e */ && s.startsWith('event>', p + 1)) {
        this.pos = p + 7;
        const e = this.event();
        if (events === NO_EVENTS) events = [];
        events.push(e);
        seen |= EVENT;
        continue;
      } else if (c === 110 && this.leaf('name')) {
        bit = NAME;
        if (this.plain()) {
          nameFrom = this.start;
          nameTo = this.end;
        } else {
          nameSrc = this.text();
          nameFrom = 0;
          nameTo = nameSrc.length;
        }
      } else if (c === 114 && this.leaf('rcp')) {
        bit = RCP;
        rcp = this.number();
      } else if (c === 107 && this.leaf('kb')) {
        bit = KB;
        kb = this.number();
      } else if (c === 99 && this.leaf('conn')) {
        bit = CONN;
        conn = this.number();
      } else if (c === 112 && this.leaf('paused')) {
        bit = PAUSED;
        const len = this.end - this.start;
        if (len === 2 && s.startsWith('no', this.start)) paused = false;
        else if (len === 3 && s.startsWith('yes', this.start)) paused = true;
        else paused = bool(this.text(), '', '');
      } else if (c === 109 && this.leaf('mode')) {
        bit = MODE;
        const len = this.end - this.start;
        if (len === 6 && s.startsWith('normal', this.start)) mode = 'normal';
        else if (len === 7 && s.startsWith('backoff', this.start)) mode = 'backoff';
        else mode = modeOf(this.text());
      } else if (c === 114 && this.leaf('retryTime')) {
        bit = RETRY;
        if (this.plain()) {
          retryFrom = this.start;
          retryTo = this.end;
        } else {
          retrySrc = this.text();
          retryFrom = 0;
          retryTo = retrySrc.length;
        }
      } else {
        throw REFUSED;
      }
      if (seen & bit) throw REFUSED;
      seen |= bit;
    }
    // No name (or an empty one) is an error of the reference path; `<queue></queue>` too.
    if (nameFrom === nameTo) throw REFUSED;
    // domain/vmta as splitQueueName gives them: at the first "/", vmta "*" when none or empty.
    let slash = nameSrc.indexOf('/', nameFrom);
    if (slash >= nameTo) slash = -1;
    b.name(nameSrc, nameFrom, nameTo);
    if (slash === -1) {
      b.domain(nameSrc, nameFrom, nameTo);
      b.vmta('*', 0, 1);
    } else {
      b.domain(nameSrc, nameFrom, slash);
      if (slash + 1 === nameTo) b.vmta('*', 0, 1);
      else b.vmta(nameSrc, slash + 1, nameTo);
    }
    b.retryTime(retrySrc, retryFrom, retryTo);
    b.values(row, rcp, kb, conn, queueFlags(paused, mode, events), events);
  }
}

/**
 * `<data>`'s children read in pieces: each `segment` is a run of whole elements (`<queue>…
 * </queue>`, `<title>`, the totals), so a reply can be read while it arrives
 * (queue-columns-stream.ts) as well as in one go. Reading it in any number of segments gives
 * what one segment gives, or a refusal: a segment must end exactly after its last element.
 */
export class XmlColumnsReader {
  private seen = 0;
  private totalRcp: number | null = null;
  private totalQueuesWithRcp: number | null = null;
  private refused = false;

  constructor(private readonly b: ColumnsBuilder) {}

  /**
   * Reads s[from, to) (`bytes` as for columnsFromQueuesXml, indexed like `s`); false, for
   * good, on anything that the reference path might read otherwise.
   */
  segment(s: string, bytes: Uint8Array | null, from: number, to: number): boolean {
    if (this.refused) return false;
    const b = this.b;
    const sc = new ColumnsScanner(s, bytes, from);
    try {
      while (sc.pos < to) {
        if (s.charCodeAt(sc.pos) !== 60) return this.refuse();
        let bit: number;
        if (s.startsWith('queue>', sc.pos + 1)) {
          sc.pos += 7;
          sc.queue(b, b.rows);
          this.seen |= 1;
          continue;
        } else if (sc.leaf('title')) {
          bit = 2;
          sc.text();
        } else if (sc.leaf('totalRcp')) {
          bit = 4;
          this.totalRcp = sc.number();
        } else if (sc.leaf('totalQueuesWithRcp')) {
          bit = 8;
          this.totalQueuesWithRcp = sc.number();
        } else {
          return this.refuse();
        }
        if (this.seen & bit) return this.refuse();
        this.seen |= bit;
      }
      return sc.pos === to || this.refuse();
    } catch {
      // REFUSED, or a coerce.ts reader rejecting a leaf: the reference path says why.
      return this.refuse();
    }
  }

  private refuse(): false {
    this.refused = true;
    return false;
  }

  /** The columns, once every segment has been read; null if refused or `<data>` was empty. */
  finish(): QueueColumns | null {
    if (this.refused || this.seen === 0) return null;
    const n = this.b.rows;
    const q = this.totalQueuesWithRcp;
    return this.b.finish(this.totalRcp, q, q !== null && n < q);
  }
}

/** A growable builder sized for a reply of `length` chars (~190 per queue in PowerMTA's lists). */
export function builderForXml(length: number): ColumnsBuilder {
  return ColumnsBuilder.growable(Math.ceil(length / 120), Math.ceil(length * 0.15));
}

/**
 * The columns of a `/queues` XML reply, exactly as columnsFromQueueData(parseData(…)) gives
 * them, or null whenever that path might differ or fail (then take it). `text` is the decoded
 * reply, or with `bytes` its latin1 reading (see utf8-leaves.ts).
 */
export function columnsFromQueuesXml(text: string, bytes: Uint8Array | null = null): QueueColumns | null {
  if (!text.startsWith(HEAD)) return null;
  const stop = xmlTailAt(text);
  if (stop === -1) return null;
  const reader = new XmlColumnsReader(builderForXml(text.length));
  return reader.segment(text, bytes, HEAD.length, stop) ? reader.finish() : null;
}

/** Where `</data>` starts when `text` ends with TAIL (then white space), else -1. */
export function xmlTailAt(text: string): number {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
  if (end < TAIL.length || !text.startsWith(TAIL, end - TAIL.length)) return -1;
  return end - TAIL.length;
}
