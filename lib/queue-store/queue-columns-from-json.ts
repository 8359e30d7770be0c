// `/queues` JSON text straight into QueueColumns, without JSON.parse building 100k queue
// objects (and a million leaf values) that columnsFromQueueData drops right after. A
// fixed-shape scanner: it reads PowerMTA 5.0's envelope `{"data":{"title":…,"queue":[{…}…],
// "totalRcp":…,"totalQueuesWithRcp":…},"status":"success","message":…}` (keys in any order,
// white space anywhere JSON allows it), each leaf as the JS value JSON.parse would give, and
// coerces it with the very readers columnsFromQueueData uses (coerce.ts). Anything else —
// an unknown or repeated key, an object or array where a leaf belongs, an error status, a
// leaf the readers reject, anything that is not valid JSON — returns null, and the caller
// takes the reference path (JSON.parse, envelope, columnsFromQueueData), which reports the
// problem with its path. Proven equal to that path by queue-columns-from-json.test.ts.
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
          mode = modeOf(this.leaf());
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

/**
 * Rows to allocate: one `"name"` key per queue (inside a string value the quotes would be
 * escaped); a count that does not match the queues read refuses the fast path.
 */
function countQueues(text: string): number {
  let n = 0;
  for (let at = text.indexOf('"name"'); at !== -1; at = text.indexOf('"name"', at + 6)) n++;
  return n;
}

/**
 * The columns of a `/queues` JSON reply, exactly as columnsFromQueueData(parseData(…)) gives
 * them, or null whenever that path might differ or fail (then take it). `text` is the decoded
 * reply, or with `bytes` its latin1 reading (see utf8-leaves.ts).
 */
export function columnsFromQueuesJson(text: string, bytes: Uint8Array | null = null): QueueColumns | null {
  const n = countQueues(text);
  const b = new ColumnsBuilder(n, Math.ceil((text.length / Math.max(n, 1)) * 0.15) * n);
  const sc = new JsonScanner(text, bytes);
  const s = text;
  try {
    sc.expect(123);
    let seenEnvelope = 0;
    let status = false;
    let row = 0;
    let totalRcp: number | null = null;
    let totalQueuesWithRcp: number | null = null;
    for (let first = true; ; first = false) {
      const k = sc.key(ENVELOPE_KEYS, first);
      if (k === -1) break;
      if (seenEnvelope & (1 << k)) return null;
      seenEnvelope |= 1 << k;
      if (k === 0) {
        if (s.charCodeAt(sc.pos) !== 123) return null; // null or not an object: leave it to the reference
        sc.pos++;
        let seen = 0;
        for (let firstKey = true; ; firstKey = false) {
          const d = sc.key(DATA_KEYS, firstKey);
          if (d === -1) break;
          if (seen & (1 << d)) return null;
          seen |= 1 << d;
          if (d === 0) {
            if (s.charCodeAt(sc.pos) !== 91) return null;
            sc.pos++;
            sc.ws();
            if (s.charCodeAt(sc.pos) === 93) sc.pos++;
            else
              do {
                sc.ws();
                if (s.charCodeAt(sc.pos) !== 123 || row === n) return null;
                sc.queue(b, row++);
              } while (sc.more(93));
          } else {
            sc.value();
            if (d === 2) totalRcp = num(sc.leaf(), '', '');
            else if (d === 3) totalQueuesWithRcp = num(sc.leaf(), '', '');
          }
          if (!sc.more()) break;
        }
      } else {
        if (s.charCodeAt(sc.pos) !== 34) return null;
        sc.string();
        if (k === 1) status = sc.kind === RANGE && sc.end - sc.start === 7 && s.startsWith('success', sc.start);
      }
      if (!sc.more()) break;
    }
    sc.ws();
    // Not all three envelope keys, an error status, text after the document: the reference decides.
    if (seenEnvelope !== 7 || !status || sc.pos !== s.length || row !== n) return null;
    return b.finish(totalRcp, totalQueuesWithRcp, totalQueuesWithRcp !== null && n < totalQueuesWithRcp);
  } catch {
    // REFUSED, or a coerce.ts reader rejecting a leaf: the reference path says why.
    return null;
  }
}
