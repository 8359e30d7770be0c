// PowerMTA XML → plain objects, and the `<rsp>` envelope unwrapped.
//
// Pure module (no `server-only`): the poller's parse worker loads it, and it does no I/O.
import { ownValue } from '@/lib/null-proto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { PmtaParseError, PmtaUpstreamError } from './errors';

// Elements that repeat, by jPath, so a single `<queue>` still comes back as an array.
// By path rather than by tag name because `queue` is also the per-method map inside /status
// (`status.queue.smtp`) and `domain` is a single element in /domainDetail's queue form.
// The normaliser accepts an object or an array anyway (JSON may do either); this only makes
// the XML side regular.
const ARRAY_PATHS = new Set([
  'rsp.data.queue',
  'rsp.data.queue.event',
  'rsp.data.queue.errors.error',
  'rsp.data.queue.errors.event',
  'rsp.data.queue.modeEvents.event',
  'rsp.data.queue.recipientEvents.event',
  'rsp.data.queue.disabledSources.source',
  'rsp.data.domain',
  'rsp.data.domain.queue',
  'rsp.data.domain.queue.event',
  'rsp.data.vmta',
  'rsp.data.job',
  'rsp.data.file',
]);

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function isXmlChar(cp: number): boolean {
  // XML 1.0 §2.2 Char production.
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

const REF = /&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z]+);/g;

/**
 * Decodes the five XML entities and numeric character references in ONE pass, so `&amp;#65;`
 * stays the literal text `&#65;` (decoding numeric references in a second pass after the
 * parser would turn it into `A`). fast-xml-parser 5.12.1 with `htmlEntities: false` leaves
 * `&#65;` undecoded (and silently drops `&#0;`), hence this decoder.
 * Unknown names and non-XML code points are kept literally: visible, never harmful.
 */
export function decodeXmlText(text: string): string {
  if (text.indexOf('&') === -1) return text;
  return text.replace(REF, (whole, ref: string) => {
    // Own keys only: `&constructor;` in a node's text must stay literal, not become a function.
    if (ref.charCodeAt(0) !== 35 /* # */) return ownValue(NAMED, ref) ?? whole;
    const hex = ref.charCodeAt(1) === 120 || ref.charCodeAt(1) === 88;
    const cp = hex ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return isXmlChar(cp) ? String.fromCodePoint(cp) : whole;
  });
}

// fast-xml-parser's `entityDecoder` hook. `processEntities` stays at its default (enabled,
// default limits) but those limits guard DOCTYPE entity expansion, which this decoder never
// performs: `addInputEntities` ignores declared entities, so `&custom;` stays literal and a
// reply can never grow by expansion (PowerMTA sends no DOCTYPE).
const entityDecoder = {
  setExternalEntities: (): void => {},
  addInputEntities: (): void => {},
  reset: (): void => {},
  setXmlVersion: (): void => {},
  decode: decodeXmlText,
};

// One module-level parser: construction is not free, and parse() keeps no state between calls.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false, // numbers are coerced by the normaliser, which names the path on failure
  parseAttributeValue: false,
  trimValues: true,
  htmlEntities: false,
  entityDecoder,
  isArray: (_name, jPath) => ARRAY_PATHS.has(jPath as string),
});

/**
 * Parses an XML document; rejects malformed XML. fast-xml-parser is lenient
 * (`<r><a></b></r>` parses without error), so XMLValidator runs first. Measured on
 * 5.12.1 / Node 20: 100k queues (27.6 MB) validate in ~0.5 s vs ~3.3 s to parse, i.e. ~15%
 * extra, paid in the worker. A truncated or corrupted reply silently parsed into a partial
 * queue list would be worse than that cost, so validation is always on.
 */
export function parseXmlDocument(text: string): Record<string, unknown> {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new PmtaParseError(`malformed XML at line ${line}, column ${col}: ${msg}`);
  }
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch (e) {
    // fast-xml-parser refuses element names such as `__proto__` (prototype pollution guard).
    throw new PmtaParseError(`malformed XML: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!doc || typeof doc !== 'object') throw new PmtaParseError('empty XML document');
  return doc as Record<string, unknown>;
}

function upstreamText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && '#text' in v) return String((v as Record<string, unknown>)['#text']);
  if (v && typeof v === 'object') return JSON.stringify(v);
  return '';
}

/**
 * `<rsp><data>…</data><succ/></rsp>` → the content of `<data>` (an empty `<data/>` gives `{}`).
 * `<rsp><err>text</err></rsp>`, or neither `<data>` nor `<succ>` → PmtaUpstreamError. The
 * error form is undocumented upstream [L]; a `<data>` without `<succ/>` is accepted.
 */
export function unwrapXmlEnvelope(doc: Record<string, unknown>, httpStatus?: number): Record<string, unknown> {
  const rsp = doc.rsp;
  if (rsp === undefined) throw new PmtaParseError('not a PowerMTA reply: no <rsp> root element');
  const r = rsp && typeof rsp === 'object' ? (rsp as Record<string, unknown>) : {};
  if ('err' in r) throw new PmtaUpstreamError(upstreamText(r.err), httpStatus);
  if (!('data' in r)) {
    if ('succ' in r) return {};
    throw new PmtaUpstreamError('reply has neither <data> nor <succ/>', httpStatus);
  }
  const data = r.data;
  if (data === '' || data === undefined || data === null) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new PmtaParseError('<data> holds text, expected elements', 'data');
  return data as Record<string, unknown>;
}

/** Text → unwrapped `<data>` content. */
export function parseXmlEnvelope(text: string): Record<string, unknown> {
  return unwrapXmlEnvelope(parseXmlDocument(text));
}
