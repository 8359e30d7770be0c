// `/queues` JSON text straight into QueueColumns, without JSON.parse building 100k queue
// objects (and a million leaf values) that columnsFromQueueData drops right after. A
// fixed-shape scanner: it reads PowerMTA 5.0's envelope `{"data":{"title":…,"queue":[{…}…],
// "totalRcp":…,"totalQueuesWithRcp":…},"status":"success","message":…}` (keys in any order,
// white space anywhere JSON allows it), each leaf as the JS value JSON.parse would give, and
// coerces it with the very readers columnsFromQueueData uses (coerce.ts). Anything else —
// an unknown or repeated key, an object or array where a leaf belongs, an error status, a
// leaf the readers reject, anything that is not valid JSON — returns null, and the caller
// takes the reference path (JSON.parse, envelope, columnsFromQueueData), which reports the
// problem with its path. The reader is resumable (JsonColumnsReader): the parse worker feeds
// it the reply piece by piece while it downloads. Proven equal to the reference path by
// queue-columns-from-reply.test.ts and queue-columns-stream.test.ts.
//
// Pure module: the parse worker loads it.
import { bool, mode as modeOf, num, str } from '@/lib/pmta/coerce';
import type { QueueEvent, QueueMode } from '@/lib/pmta/types';
import { ColumnsBuilder, queueFlags, type QueueColumns } from './queue-columns';
import { rawText } from './utf8-leaves';

class Refused {}
const REFUSED = new Refused();

const NO_EVENTS: QueueEvent[] = [];
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** What the last `value()` read: a string without escapes as a range of the text, or a value. */
const RANGE = 0;
const VALUE = 1;

class JsonScanner {
  pos = 0;
  kind = VALUE;
  start = 0;
  end = 0;
  v: unknown = null;

  constructor(
    readonly s: string,
    /** The reply's bytes when `s` is their latin1 reading (see utf8-leaves.ts). */
    readonly bytes: Uint8Array | null,
  ) {}

  ws(): void {
    const s = this.s;
    let c = s.charCodeAt(this.pos);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = s.charCodeAt(++this.pos);
  }

  /** Expects `ch` (after white space) and steps over it. */
  expect(ch: number): void {
    this.ws();
    if (this.s.charCodeAt(this.pos) !== ch) throw REFUSED;
    this.pos++;
  }

  /**
   * After `{` or `,`: the next key, as one of `keys` (index), or -1 at `}`. `hint` is tried
   * first: replies list a queue's keys in one order, so it is usually the one after the last.
   */
  key(keys: readonly string[], first: boolean, hint = 0): number {
    this.ws();
    const s = this.s;
    if (s.charCodeAt(this.pos) === 125 /* } */ && first) {
      this.pos++;
      return -1;
    }
    if (s.charCodeAt(this.pos) !== 34) throw REFUSED;
    const p = this.pos + 1;
    for (let j = 0; j < keys.length; j++) {
      const k = (hint + j) % keys.length;
      const key = keys[k]!;
      if (s.charCodeAt(p + key.length) === 34 && s.startsWith(key, p)) {
        this.pos = p + key.length + 1;
        this.expect(58 /* : */);
        this.ws();
        return k;
      }
    }
    throw REFUSED; // unknown (or escaped) key
  }

  /** After a member: `,` (true, more follow) or `}` (false). */
  more(close = 125): boolean {
    this.ws();
    const c = this.s.charCodeAt(this.pos++);
    if (c === 44) return true;
    if (c === close) return false;
    throw REFUSED;
  }

  /** A string (pos at its `"`): a range when it has no escape, else its JSON.parse value. */
  string(): void {
    const s = this.s;
    const start = this.pos + 1;
    let i = start;
    let escaped = false;
    let high = 0;
    for (;;) {
      const c = s.charCodeAt(i);
      high |= c;
      if (c === 34) break;
      if (c === 92) {
        escaped = true;
        i += 2;
        continue;
      }
      if (c < 32 || Number.isNaN(c)) throw REFUSED; // control character or end of text
      i++;
    }
    this.pos = i + 1;
    if (escaped) {
      this.kind = VALUE;
      this.v = JSON.parse(rawText(s, this.bytes, start - 1, i + 1)) as string; // throws on a bad escape
    } else if (high >= 0x80 && this.bytes) {
      this.kind = VALUE;
      this.v = rawText(s, this.bytes, start, i);
    } else {
      this.kind = RANGE;
      this.start = start;
      this.end = i;
    }
  }

  /** A JSON number (pos at its first char), validated against JSON's grammar. */
  number(): void {
    const s = this.s;
    const from = this.pos;
    let i = from;
    if (s.charCodeAt(i) === 45) i++;
    const intStart = i;
    let n = 0;
    let c = s.charCodeAt(i);
    if (c === 48) {
      c = s.charCodeAt(++i);
    } else if (c >= 49 && c <= 57) {
      while (c >= 48 && c <= 57) {
        n = n * 10 + (c - 48);
        c = s.charCodeAt(++i);
      }
    } else {
      throw REFUSED;
    }
    let digits = i - intStart;
    let scale = 0;
    if (c === 46) {
      c = s.charCodeAt(++i);
      if (!(c >= 48 && c <= 57)) throw REFUSED;
      while (c >= 48 && c <= 57) {
        n = n * 10 + (c - 48);
        scale++;
        c = s.charCodeAt(++i);
      }
      digits += scale;
    }
    let simple = s.charCodeAt(from) !== 45 && digits <= 15;
    if (c === 101 || c === 69) {
      simple = false;
      c = s.charCodeAt(++i);
      if (c === 43 || c === 45) c = s.charCodeAt(++i);
      if (!(c >= 48 && c <= 57)) throw REFUSED;
      while (c >= 48 && c <= 57) c = s.charCodeAt(++i);
    }
    this.pos = i;
    this.kind = VALUE;
    // ≤ 15 digits: n and 10^scale are exact, so the division is the correctly rounded value
    // of the decimal, as JSON.parse gives it.
    this.v = simple ? (scale === 0 ? n : n / POW10[scale]!) : Number(s.slice(from, i));
  }

  /** A leaf (pos at its first char): string, number, true, false or null. */
  value(): void {
    const s = this.s;
    const c = s.charCodeAt(this.pos);
    if (c === 34) return this.string();
    if (c === 45 || (c >= 48 && c <= 57)) return this.number();
    this.kind = VALUE;
    if (c === 116 && s.startsWith('true', this.pos)) {
      this.v = true;
      this.pos += 4;
    } else if (c === 102 && s.startsWith('false', this.pos)) {
      this.v = false;
      this.pos += 5;
    } else if (c === 110 && s.startsWith('null', this.pos)) {
      this.v = null;
      this.pos += 4;
    } else {
      throw REFUSED; // an object or array where a leaf belongs, or not JSON
    }
  }

  /** The last leaf as the JS value JSON.parse gives. */
  leaf(): unknown {
    return this.kind === RANGE ? this.s.slice(this.start, this.end) : this.v;
  }

  /** `{"type":…,"time":…,"text":…}` (pos at `{`), as normaliseEvent builds it. */
  event(): QueueEvent {
    this.pos++;
    let type: string | null = null;
    let time: string | null = null;
    let text: string | null = null;
    let seen = 0;
    for (let first = true; ; first = false) {
      const k = this.key(EVENT_KEYS, first);
      if (k === -1) break;
      if (seen & (1 << k)) throw REFUSED;
      seen |= 1 << k;
      this.value();
      const v = str(this.leaf(), '', '');
      if (k === 0) type = v;
      else if (k === 1) time = v;
      else text = v;
      if (!this.more()) break;
    }
    return { type, time, text: text ?? '' };
  }

  /** `event`'s value: a list of event objects, one object, or null. */
  events(): QueueEvent[] {
    const s = this.s;
    const c = s.charCodeAt(this.pos);
    if (c === 123) return [this.event()];
    if (c === 110 && s.startsWith('null', this.pos)) {
      this.pos += 4;
      return NO_EVENTS;
    }
    if (c !== 91) throw REFUSED;
    this.pos++;
    this.ws();
    if (s.charCodeAt(this.pos) === 93) {
      this.pos++;
      return NO_EVENTS;
    }
    const out: QueueEvent[] = [];
    do {
      this.ws();
      if (s.charCodeAt(this.pos) !== 123) throw REFUSED;
      out.push(this.event());
    } while (this.more(93));
    return out;
  }

  /** One queue object (pos at `{`) into the builder's next row. */
  queue(b: ColumnsBuilder, row: number): void {
    this.pos++;
    const s = this.s;
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
    let hint = 0;
    for (let first = true; ; first = false) {
      const k = this.key(QUEUE_KEYS, first, hint);
      if (k === -1) break;
      hint = k + 1;
      if (seen & (1 << k)) throw REFUSED;
      seen |= 1 << k;
      if (k === 4) {
        events = this.events();
      } else {
        this.value();
        if (k === 0 || k === 7) {
          // name, retryTime: copied from the text when they are plain strings
          const src = this.kind === RANGE ? s : (str(this.v, '', '') ?? '');
          const from = this.kind === RANGE ? this.start : 0;
          const to = this.kind === RANGE ? this.end : src.length;
          if (k === 0) {
            nameSrc = src;
            nameFrom = from;
            nameTo = to;
          } else {
            retrySrc = src;
            retryFrom = from;
            retryTo = to;
          }
        } else if (k === 1) {
          rcp = this.kind === VALUE && typeof this.v === 'number' && Number.isFinite(this.v) ? this.v : num(this.leaf(), '', '');
        } else if (k === 2) {
          kb = this.kind === VALUE && typeof this.v === 'number' && Number.isFinite(this.v) ? this.v : num(this.leaf(), '', '');
        } else if (k === 3) {
          conn = this.kind === VALUE && typeof this.v === 'number' && Number.isFinite(this.v) ? this.v : num(this.leaf(), '', '');
        } else if (k === 5) {
          paused = this.kind === VALUE && typeof this.v === 'boolean' ? this.v : bool(this.leaf(), '', '');
        } else {
          // The two spellings replies use, compared in place (no string per queue).
          const len = this.end - this.start;
          if (this.kind === RANGE && len === 6 && s.startsWith('normal', this.start)) mode = 'normal';
          else if (this.kind === RANGE && len === 7 && s.startsWith('backoff', this.start)) mode = 'backoff';
          else mode = modeOf(this.leaf());
        }
      }
      if (!this.more()) break;
    }
    // No name (or an empty one) is an error of the reference path.
    if (nameFrom === nameTo) throw REFUSED;
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

const ENVELOPE_KEYS = ['data', 'status', 'message'];
const DATA_KEYS = ['queue', 'title', 'totalRcp', 'totalQueuesWithRcp'];
const QUEUE_KEYS = ['name', 'rcp', 'kb', 'conn', 'event', 'paused', 'mode', 'retryTime'];
const EVENT_KEYS = ['type', 'time', 'text'];

// Where a reply read in pieces is: before the queue array (the envelope's head, re-read from
// its start until the array opens: it is a few bytes), inside it, after it (the tail, read at
// the end), done, refused.
const HEAD = 0;
const ITEMS = 1;
const TAIL = 2;
const DONE = 3;
const REFUSE = 4;
// Inside the queue array: after `[`, after a queue, after a `,`.
const FIRST = 0;
const AFTER_ITEM = 1;
const NEXT = 2;

/**
 * A queue that does not read once this many chars of it are in is refused for good: a piece
 * cut inside a queue is re-read from the queue's start when the next piece arrives, and a
 * queue that is wrong (not merely cut) must not be re-read forever.
 */
const STUCK_CHARS = 1 << 20;
/** Likewise for the head before the queue array. */
const HEAD_CHARS = 1 << 16;

/**
 * A `/queues` JSON reply read in pieces as it arrives (queue-columns-stream.ts), or whole:
 * a resumable reader whose state between pieces is the phase, the envelope and `data` keys
 * seen, the status and totals, and where it is in the queue array — each queue is read in one
 * go into the builder's next row (no object per queue), and a piece that ends inside a queue
 * leaves that queue to the next read, which starts at it. Reading in any pieces gives what
 * reading whole gives, or a refusal (queue-columns-from-reply.test.ts cuts at every byte).
 */
export class JsonColumnsReader {
  private phase = HEAD;
  private item = FIRST;
  private env = 0;
  private data = 0;
  private status = false;
  private totalRcp: number | null = null;
  private totalQueuesWithRcp: number | null = null;

  constructor(private readonly b: ColumnsBuilder) {}

  /** Whether a piece now would be read (false while only the tail is left, or refused). */
  get reading(): boolean {
    return this.phase === HEAD || this.phase === ITEMS;
  }

  get refused(): boolean {
    return this.phase === REFUSE;
  }

  /**
   * Reads the reply's next piece `s` (its latin1 reading with `bytes`, see utf8-leaves.ts, or
   * decoded text with null): the text from where the last read stopped to what has arrived,
   * all of the rest when `last`. Returns how many chars of `s` it is done with (the next
   * piece starts after them), or -1 once refused.
   */
  read(s: string, bytes: Uint8Array | null, last: boolean): number {
    if (this.phase === REFUSE || this.phase === DONE) return -1;
    const sc = new JsonScanner(s, bytes);
    try {
      if (this.phase === HEAD) {
        this.env = this.data = 0;
        this.status = false;
        this.totalRcp = this.totalQueuesWithRcp = null;
        try {
          sc.expect(123);
          // A reply without a queue array is left to the whole-reply readers.
          if (!this.envMembers(sc, false)) return this.refuse();
        } catch (e) {
          if (e !== REFUSED || last || s.length > HEAD_CHARS) throw e;
          return 0; // cut inside the head: read it again with more
        }
        this.phase = ITEMS;
      }
      if (this.phase === ITEMS && !this.items(sc, last)) return sc.pos;
      if (!last) return sc.pos;
      // The tail: the rest of `data`, of the envelope, nothing after it.
      if (this.dataMembers(sc, true) || this.envMembers(sc, true)) return this.refuse();
      sc.ws();
      // Not all three envelope keys, an error status, text after the document: the reference decides.
      if (this.env !== 7 || !this.status || sc.pos !== s.length) return this.refuse();
      this.phase = DONE;
      return sc.pos;
    } catch {
      // REFUSED, or a coerce.ts reader rejecting a leaf: the reference path says why.
      return this.refuse();
    }
  }

  /** The columns once the last piece has been read; null if refused. */
  finish(): QueueColumns | null {
    if (this.phase !== DONE) return null;
    const n = this.b.rows;
    const q = this.totalQueuesWithRcp;
    return this.b.finish(this.totalRcp, q, q !== null && n < q);
  }

  private refuse(): -1 {
    this.phase = REFUSE;
    return -1;
  }

  /**
   * The queue array's items from `sc.pos`: true once its `]` is read (phase TAIL), false when
   * the piece ends first (`sc.pos` at the first char not read for good).
   */
  private items(sc: JsonScanner, last: boolean): boolean {
    const s = sc.s;
    for (;;) {
      sc.ws();
      if (sc.pos >= s.length) {
        if (last) throw REFUSED;
        return false;
      }
      const c = s.charCodeAt(sc.pos);
      if (this.item === AFTER_ITEM || (this.item === FIRST && c === 93)) {
        sc.pos++;
        if (c === 93) {
          this.phase = TAIL;
          return true;
        }
        if (c !== 44 /* , */) throw REFUSED;
        this.item = NEXT;
        continue;
      }
      if (c !== 123) throw REFUSED;
      const start = sc.pos;
      try {
        sc.queue(this.b, this.b.rows);
      } catch (e) {
        // Cut inside this queue (it writes its row only once read whole): read it again with more.
        if (e !== REFUSED || last || s.length - start > STUCK_CHARS) throw e;
        sc.pos = start;
        return false;
      }
      this.item = AFTER_ITEM;
    }
  }

  /**
   * The envelope's members from `sc.pos` (after `{`, or after a member when `after`): true
   * when the queue array opens inside `data` (pos after its `[`), false after the closing `}`.
   */
  private envMembers(sc: JsonScanner, after: boolean): boolean {
    const s = sc.s;
    if (after && !sc.more()) return false;
    for (let first = !after; ; first = false) {
      const k = sc.key(ENVELOPE_KEYS, first);
      if (k === -1) return false;
      if (this.env & (1 << k)) throw REFUSED;
      this.env |= 1 << k;
      if (k === 0) {
        if (s.charCodeAt(sc.pos) !== 123) throw REFUSED; // null or not an object: leave it to the reference
        sc.pos++;
        if (this.dataMembers(sc, false)) return true;
      } else {
        if (s.charCodeAt(sc.pos) !== 34) throw REFUSED;
        sc.string();
        if (k === 1) this.status = sc.kind === RANGE && sc.end - sc.start === 7 && s.startsWith('success', sc.start);
      }
      if (!sc.more()) return false;
    }
  }

  /** `data`'s members, as envMembers: true when the queue array opens, false after `}`. */
  private dataMembers(sc: JsonScanner, after: boolean): boolean {
    const s = sc.s;
    if (after && !sc.more()) return false;
    for (let first = !after; ; first = false) {
      const d = sc.key(DATA_KEYS, first);
      if (d === -1) return false;
      if (this.data & (1 << d)) throw REFUSED;
      this.data |= 1 << d;
      if (d === 0) {
        if (s.charCodeAt(sc.pos) !== 91) throw REFUSED;
        sc.pos++;
        this.item = FIRST;
        return true;
      }
      sc.value();
      if (d === 2) this.totalRcp = num(sc.leaf(), '', '');
      else if (d === 3) this.totalQueuesWithRcp = num(sc.leaf(), '', '');
      if (!sc.more()) return false;
    }
  }
}

/** A growable builder sized for a JSON reply of `length` chars (~145 per queue in PowerMTA's lists). */
export function builderForJson(length: number): ColumnsBuilder {
  return ColumnsBuilder.growable(Math.ceil(length / 130), Math.ceil(length * 0.15));
}

/**
 * The columns of a `/queues` JSON reply, exactly as columnsFromQueueData(parseData(…)) gives
 * them, or null whenever that path might differ or fail (then take it). `text` is the decoded
 * reply, or with `bytes` its latin1 reading (see utf8-leaves.ts).
 */
export function columnsFromQueuesJson(text: string, bytes: Uint8Array | null = null): QueueColumns | null {
  const reader = new JsonColumnsReader(builderForJson(text.length));
  return reader.read(text, bytes, true) === -1 ? null : reader.finish();
}
