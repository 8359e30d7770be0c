// Is this reply an answer to the endpoint we asked? A proxy, a misrouted load balancer or a
// broken build can send a well-formed document of the wrong kind — a 60 MB queue list for
// `/status` — and the lenient leaf readers (every leaf is optional, guide §5.3 differs between
// versions) would turn it into an "ok" node with no version, no host and no numbers. Each
// endpoint's data is recognised by the element that makes it what it is; a reply without it
// (or with another endpoint's marker instead of an empty list) is malformed, with the reason,
// and the poller keeps the node's last good data.
//
// Pure module (no `server-only`): the parse worker loads it.
import { PmtaParseError } from './errors';
import type { Obj } from './coerce';
import type { PmtaDataKind } from './normalise';

/** The element that marks each endpoint's data (powermta-api.md §4, §5). */
const MARKERS: Record<PmtaDataKind, readonly string[]> = {
  status: ['mta', 'status'],
  queues: ['queue'],
  queueDetail: ['queue'],
  logs: ['file'],
};

/** Lists may legitimately be empty (no element at all); details and /status may not. */
const MAY_BE_EMPTY: ReadonlySet<PmtaDataKind> = new Set(['queues', 'logs']);

/** Every marker of every endpoint: finding one of these instead of ours means a wrong document. */
const ALL_MARKERS: readonly string[] = [...new Set(Object.values(MARKERS).flat())];

function present(data: Obj, key: string): boolean {
  if (!Object.hasOwn(data, key)) return false;
  const v = data[key];
  return v !== undefined && v !== null;
}

/** An element (XML `<mta/>` reads as '', an empty element). */
function isElement(v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 1 && isElement(v[0]);
  return v === '' || (v !== null && typeof v === 'object');
}

const tags = (keys: readonly string[]) => keys.map((k) => `<${k}>`).join(', ');

/** Throws PmtaParseError when `data` is not shaped like a reply of `kind`. */
export function checkReplyShape(kind: PmtaDataKind, data: Obj): void {
  const want = MARKERS[kind];
  const missing = want.filter((k) => !present(data, k));
  const foreign = ALL_MARKERS.filter((k) => !want.includes(k) && present(data, k));
  if (missing.length === 0) {
    // `/status` must carry `<mta>` and `<status>` as elements, not as text.
    const notElements = kind === 'status' ? want.filter((k) => !isElement(data[k])) : [];
    if (notElements.length > 0) throw new PmtaParseError(`not a /${kind} reply: ${tags(notElements)} is not an element`);
    return;
  }
  if (MAY_BE_EMPTY.has(kind) && foreign.length === 0) return; // an empty list
  const has = foreign.length > 0 ? ` but has ${tags(foreign)}` : Object.keys(data).length === 0 ? ' (empty data)' : '';
  throw new PmtaParseError(`not a /${kind} reply: no ${tags(missing)}${has}`);
}
