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

const DATA_LEAVES = new Set(['title', 'totalRcp', 'totalQueuesWithRcp']);
const QUEUE_LEAVES = new Set(['name', 'rcp', 'kb', 'conn', 'paused', 'mode', 'retryTime']);
const EVENT_LEAVES = new Set(['type', 'time', 'text']);

const HEAD = '<rsp><data>';
const TAIL = '</data><succ/></rsp>';

/** Thrown inside the scanner to abandon the fast path; never escapes scanQueuesXml. */
class Unexpected {}
const UNEXPECTED = new Unexpected();

const AMP_REF = /^&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z]+);/;

/**
 * A leaf's raw text → the value fast-xml-parser gives it. fast-xml-parser trims the raw text
 * before decoding, normalises CR, and its validator rejects a bare `&`; rather than imitate
 * every rule, texts where those rules could matter are refused (they are rare).
 */
function leafValue(raw: string): string {
  if (raw.length === 0) return raw;
  if (raw.charCodeAt(0) <= 32 || raw.charCodeAt(raw.length - 1) <= 32 || raw.indexOf('\r') !== -1) throw UNEXPECTED;
  if (raw.trim() !== raw) throw UNEXPECTED; // non-ASCII white space at an edge
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

  /** At `<`: the element name, with `pos` after its `>`; `selfClosing` for `<x/>`. */
  openTag(): { name: string; selfClosing: boolean } {
    const s = this.s;
    if (s.charCodeAt(this.pos) !== 60 /* < */) throw UNEXPECTED;
    const gt = s.indexOf('>', this.pos);
    if (gt === -1) throw UNEXPECTED;
    let name = s.slice(this.pos + 1, gt);
    const selfClosing = name.endsWith('/');
    if (selfClosing) name = name.slice(0, -1);
    this.pos = gt + 1;
    return { name, selfClosing };
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
    if (s.charCodeAt(this.pos) === 60 && s.charCodeAt(this.pos + 1) === 47 && s.startsWith(name, this.pos + 2) && s.charCodeAt(this.pos + 2 + name.length) === 62) {
      this.pos += 3 + name.length;
      return true;
    }
    return false;
  }

  /** Leaves of one element until `</name>`; `child` names the one repeating container allowed. */
  element(name: string, leaves: Set<string>, child?: { name: string; leaves: Set<string>; into: string }): Obj {
    const o: Obj = {};
    let children: Obj[] | null = null;
    let empty = true;
    while (!this.closes(name)) {
      const t = this.openTag();
      empty = false;
      if (child && t.name === child.name && !t.selfClosing) {
        const c = this.element(child.name, child.leaves);
        if (!children) {
          if (child.into in o) throw UNEXPECTED;
          o[child.into] = children = [];
        }
        children.push(c);
      } else if (leaves.has(t.name) && !(t.name in o)) {
        o[t.name] = t.selfClosing ? '' : this.leafText(t.name);
      } else {
        throw UNEXPECTED;
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
      const t = sc.openTag();
      if (t.name === 'queue' && !t.selfClosing) {
        const q = sc.element('queue', QUEUE_LEAVES, { name: 'event', leaves: EVENT_LEAVES, into: 'event' });
        if (!queues) {
          if ('queue' in data) throw UNEXPECTED;
          data.queue = queues = [];
        }
        queues.push(q);
      } else if (DATA_LEAVES.has(t.name) && !(t.name in data)) {
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
