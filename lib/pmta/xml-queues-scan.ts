// Fast path for the one big reply: PowerMTA's `/queues` XML (27 MB for 100k queues) takes
// fast-xml-parser seconds, while its shape is fixed and tiny: one line of
// `<rsp><data><title/>(<queue>leaves, <event>leaves</event>…</queue>)…<totals/></data><succ/></rsp>`.
// This indexOf-based scanner reads exactly that shape and returns the same `<data>` object
// that parseXmlEnvelope (fast-xml-parser + validator) returns. Anything it does not expect —
// attributes, whitespace between tags, CR, comments, CDATA, unknown or repeated leaves, empty
// containers, a text it cannot prove it decodes identically — makes it return null, and the
// caller falls back to fast-xml-parser, which stays the reference (and the one that reports
// malformed XML). Equality is proven by xml-queues-scan.test.ts against fast-xml-parser.
//
// Pure module (no `server-only`): the parse worker loads it.
import { decodeXmlText } from './xml';

type Obj = Record<string, unknown>;

// Most frequent first: the tag lookup tries them in order.
const DATA_CHILDREN = ['queue', 'title', 'totalRcp', 'totalQueuesWithRcp'];
const QUEUE_CHILDREN = ['name', 'rcp', 'kb', 'conn', 'paused', 'mode', 'retryTime', 'event'];
const EVENT_CHILDREN = ['type', 'time', 'text'];

const EVENT = { name: 'event', names: EVENT_CHILDREN };

export const HEAD = '<rsp><data>';
export const TAIL = '</data><succ/></rsp>';

/** Thrown inside the scanner to abandon the fast path; never escapes scanQueuesXml. */
class Unexpected {}
const UNEXPECTED = new Unexpected();

const AMP_REF = /^&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z]+);/;

/**
 * A leaf's raw text → the value fast-xml-parser gives it. fast-xml-parser trims the raw text
 * before decoding, normalises CR, and its validator rejects a bare `&`; rather than imitate
 * every rule, texts where those rules could matter are refused (they are rare).
 */
export function leafValue(raw: string): string {
  if (raw.length === 0) return raw;
  const first = raw.charCodeAt(0);
  const last = raw.charCodeAt(raw.length - 1);
  if (first <= 32 || last <= 32 || raw.indexOf('\r') !== -1) throw UNEXPECTED;
  if ((first >= 0x80 || last >= 0x80) && raw.trim() !== raw) throw UNEXPECTED; // non-ASCII white space at an edge
  let amp = raw.indexOf('&');
  if (amp === -1) return raw;
  while (amp !== -1) {
    if (!AMP_REF.test(raw.slice(amp, amp + 40))) throw UNEXPECTED;
    amp = raw.indexOf('&', amp + 1);
  }
  return decodeXmlText(raw);
}

class Scanner {
  pos = 0;
  constructor(readonly s: string) {}

  /**
   * At `<`: which of `names` opens here (null if none), with `pos` after its `>`;
   * `selfClosing` for `<x/>`. Compares in place rather than slicing out the name: this runs
   * about a million times on a 100k-queue reply.
   */
  openTag(names: readonly string[]): { name: string | null; selfClosing: boolean } {
    const s = this.s;
    const p = this.pos;
    if (s.charCodeAt(p) !== 60 /* < */) throw UNEXPECTED;
    const gt = s.indexOf('>', p);
    if (gt === -1) throw UNEXPECTED;
    const selfClosing = s.charCodeAt(gt - 1) === 47; /* / */
    const len = gt - p - 1 - (selfClosing ? 1 : 0);
    this.pos = gt + 1;
    for (const n of names) if (n.length === len && s.startsWith(n, p + 1)) return { name: n, selfClosing };
    return { name: null, selfClosing };
  }

  /** Text up to `</name>`, with `pos` after it; no child elements allowed. */
  leafText(name: string): string {
    const s = this.s;
    const lt = s.indexOf('<', this.pos);
    if (lt === -1 || s.charCodeAt(lt + 1) !== 47 /* / */ || !s.startsWith(name, lt + 2) || s.charCodeAt(lt + 2 + name.length) !== 62 /* > */) throw UNEXPECTED;
    const raw = s.slice(this.pos, lt);
    this.pos = lt + 3 + name.length;
    return leafValue(raw);
  }

  /** At `</name>`? Then step over it. */
  closes(name: string): boolean {
    const s = this.s;
    if (
      s.charCodeAt(this.pos) === 60 &&
      s.charCodeAt(this.pos + 1) === 47 &&
      s.startsWith(name, this.pos + 2) &&
      s.charCodeAt(this.pos + 2 + name.length) === 62
    ) {
      this.pos += 3 + name.length;
      return true;
    }
    return false;
  }

  /** Leaves of one element until `</name>`; `child` names the one repeating container allowed. */
  element(name: string, names: readonly string[], child?: { name: string; names: readonly string[] }): Obj {
    const o: Obj = {};
    let children: Obj[] | null = null;
    let empty = true;
    while (!this.closes(name)) {
      const t = this.openTag(names);
      empty = false;
      if (t.name === null) throw UNEXPECTED;
      if (child && t.name === child.name) {
        if (t.selfClosing) throw UNEXPECTED;
        const c = this.element(child.name, child.names);
        if (!children) o[child.name] = children = [];
        children.push(c);
      } else if (!Object.hasOwn(o, t.name)) {
        o[t.name] = t.selfClosing ? '' : this.leafText(t.name);
      } else {
        throw UNEXPECTED; // a repeated leaf becomes an array in fast-xml-parser
      }
    }
    // `<queue></queue>` is '' to fast-xml-parser, not {}: rare enough to leave to it.
    if (empty) throw UNEXPECTED;
    return o;
  }
}

/**
 * The `<data>` content of a `/queues` XML reply exactly as parseXmlEnvelope returns it, or
 * null when the text is not in the one-line shape this scanner knows (then use the parser).
 */
export function scanQueuesXml(text: string): Obj | null {
  if (!text.startsWith(HEAD)) return null;
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
  if (!text.startsWith(TAIL, end - TAIL.length)) return null;
  const body = text.slice(0, end - TAIL.length + '</data>'.length);
  const sc = new Scanner(body);
  sc.pos = HEAD.length;
  try {
    const data: Obj = {};
    let queues: Obj[] | null = null;
    while (!sc.closes('data')) {
      const t = sc.openTag(DATA_CHILDREN);
      if (t.name === 'queue') {
        if (t.selfClosing) throw UNEXPECTED;
        const q = sc.element('queue', QUEUE_CHILDREN, EVENT);
        if (!queues) data.queue = queues = [];
        queues.push(q);
      } else if (t.name !== null && !Object.hasOwn(data, t.name)) {
        data[t.name] = t.selfClosing ? '' : sc.leafText(t.name);
      } else {
        throw UNEXPECTED;
      }
    }
    if (sc.pos !== body.length || Object.keys(data).length === 0) return null;
    return data;
  } catch (e) {
    if (e === UNEXPECTED) return null;
    throw e;
  }
}
