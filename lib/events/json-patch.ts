// A pushed answer as the difference from the one before (lib/events/view-pusher.ts): the queue
// window a thousand tabs show is ~150 KB of JSON whose rows mostly keep their place and change
// a count or two per poll, so writing only what changed cuts what the console writes to every
// stream, and what every tab reads and parses, several times over. Plain TypeScript: the
// server diffs (once per render, for every stream), the tab applies (lib/query/change-feed.ts).
//
// A patch is one of:
//   {}                       the value is unchanged
//   {"v": value}             replaced by value
//   {"o": {k: patch…}, "x": [k…]}   an object: these keys patched or added, these removed
//   {"a": [item…]}           an array rebuilt from items: i (the old element i as it was),
//                            {"r": [i, n]} (old elements i … i+n-1 as they were), [i, patch]
//                            (old element i patched), {"v": value} (a new element)
// Array elements are matched by identity where rows have one (a queue row's node + name, a
// vMTA's name, a chart series' key: IDENTITY_FIELDS) — a sort that moves a row moves a
// reference, not its text — and otherwise by position after the shift that lines up the most
// equal elements (a chart's points slide by a bucket or two between pushes).

export type JsonPatch = Record<string, never> | { v: unknown } | { o: Record<string, JsonPatch>; x?: string[] } | { a: ArrayItem[] };
type ArrayItem = number | { r: [number, number] } | [number, JsonPatch] | { v: unknown };

/** The fields that together say which row an array element is (when every element has one, and no two the same). */
const IDENTITY_FIELDS = ['node', 'name', 'vmta', 'domain', 'key', 'id', 'url', 'signature'] as const;
const MAX_DEPTH = 64;
/** How far an array without identities may have slid (a chart's points: one bucket in, one out per push). */
const MAX_SHIFT = 32;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** The patch that turns `from` into `to` (both parsed JSON). */
export function diffJson(from: unknown, to: unknown, depth = 0): JsonPatch {
  if (from === to) return {};
  if (depth < MAX_DEPTH && isObject(from) && isObject(to)) return diffObject(from, to, depth);
  if (depth < MAX_DEPTH && Array.isArray(from) && Array.isArray(to)) return diffArray(from, to, depth);
  return { v: to };
}

function diffObject(from: Record<string, unknown>, to: Record<string, unknown>, depth: number): JsonPatch {
  // Null prototype: a key from the data (`__proto__` included) is only ever a key.
  const o: Record<string, JsonPatch> = Object.create(null) as Record<string, JsonPatch>;
  let changed = false;
  for (const k of Object.keys(to)) {
    const p = own(from, k) ? diffJson(from[k], to[k], depth + 1) : { v: to[k] };
    if (isSame(p)) continue;
    o[k] = p;
    changed = true;
  }
  const x = Object.keys(from).filter((k) => !own(to, k));
  if (!changed && x.length === 0) return {};
  return x.length ? { o, x } : { o };
}

function identity(v: unknown): string | undefined {
  if (!isObject(v)) return undefined;
  const parts = IDENTITY_FIELDS.map((f) => (typeof v[f] === 'string' ? (v[f] as string) : ''));
  return parts.some((p) => p !== '') ? parts.join('\u0000') : undefined;
}

/** Identity → index, or null when some element has none or two share one. */
function identities(a: unknown[]): Map<string, number> | null {
  const m = new Map<string, number>();
  for (let i = 0; i < a.length; i++) {
    const id = identity(a[i]);
    if (id === undefined || m.has(id)) return null;
    m.set(id, i);
  }
  return m;
}

function diffArray(from: unknown[], to: unknown[], depth: number): JsonPatch {
  const fromIds = identities(from);
  const byId = fromIds && identities(to) ? fromIds : null;
  const shift = byId ? 0 : bestShift(from, to);
  const items: ArrayItem[] = [];
  let unchanged = from.length === to.length;
  for (let j = 0; j < to.length; j++) {
    const i = byId ? byId.get(identity(to[j])!) : j + shift < from.length ? j + shift : undefined;
    if (i === undefined) {
      items.push({ v: to[j] });
      unchanged = false;
      continue;
    }
    const p = diffJson(from[i], to[j], depth + 1);
    if (!isSame(p)) {
      items.push('v' in p ? { v: p.v } : [i, p]);
      unchanged = false;
      continue;
    }
    if (i !== j) unchanged = false;
    // Runs of old elements in order: {"r": [start, n]}.
    const last = items[items.length - 1];
    if (typeof last === 'number' && last === i - 1) items[items.length - 1] = { r: [last, 2] };
    else if (isRun(last) && last.r[0] + last.r[1] === i) last.r[1]++;
    else items.push(i);
  }
  return unchanged ? {} : { a: items };
}

/** The k (0 … MAX_SHIFT) for which to[j] equals from[j + k] for the most j; 0 on a tie. */
function bestShift(from: unknown[], to: unknown[]): number {
  if (from.length < 4 || to.length < 4) return 0;
  const a = from.map((v) => JSON.stringify(v));
  const b = to.map((v) => JSON.stringify(v));
  let best = 0;
  let bestCount = -1;
  for (let k = 0; k <= Math.min(MAX_SHIFT, a.length - 1); k++) {
    let count = 0;
    for (let j = 0; j < b.length && j + k < a.length; j++) if (b[j] === a[j + k]) count++;
    if (count > bestCount) [best, bestCount] = [k, count];
  }
  return best;
}

const isSame = (p: JsonPatch) => Object.keys(p).length === 0;
const isRun = (v: unknown): v is { r: [number, number] } => isObject(v) && Array.isArray(v.r);

/** A patch that does not fit the value it is applied to (another base): the tab refetches. */
export class PatchMismatch extends Error {}

/** `from` with `patch` applied; unchanged parts are `from`'s own objects. Throws PatchMismatch on anything that does not fit. */
export function applyJsonPatch(from: unknown, patch: unknown, depth = 0): unknown {
  if (!isObject(patch) || depth > MAX_DEPTH) throw new PatchMismatch('not a patch');
  const keys = Object.keys(patch);
  if (keys.length === 0) return from;
  if (keys.length === 1 && keys[0] === 'v') return patch.v;
  if (own(patch, 'o') && keys.every((k) => k === 'o' || k === 'x')) return applyObject(from, patch.o, patch.x, depth);
  if (keys.length === 1 && keys[0] === 'a') return applyArray(from, patch.a, depth);
  throw new PatchMismatch(`unknown patch: ${keys.join(',').slice(0, 40)}`);
}

function applyObject(from: unknown, o: unknown, x: unknown, depth: number): Record<string, unknown> {
  if (!isObject(from) || !isObject(o) || (x !== undefined && !(Array.isArray(x) && x.every((k) => typeof k === 'string')))) {
    throw new PatchMismatch('object patch on a non-object');
  }
  const out: Record<string, unknown> = {};
  const removed = new Set((x as string[] | undefined) ?? []);
  // defineProperty: a `__proto__` key is an own property, as JSON.parse makes it, never the prototype.
  const put = (k: string, v: unknown) => Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  for (const k of Object.keys(from)) if (!removed.has(k) && !own(o, k)) put(k, from[k]);
  for (const k of Object.keys(o)) put(k, own(from, k) ? applyJsonPatch(from[k], o[k], depth + 1) : applyNew(o[k]));
  return out;
}

/** A key the base lacks can only be added with {"v": …}. */
function applyNew(p: unknown): unknown {
  if (isObject(p) && Object.keys(p).length === 1 && own(p, 'v')) return p.v;
  throw new PatchMismatch('patch of a missing key');
}

function applyArray(from: unknown, items: unknown, depth: number): unknown[] {
  if (!Array.isArray(from) || !Array.isArray(items)) throw new PatchMismatch('array patch on a non-array');
  const at = (i: unknown): unknown => {
    if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= from.length) throw new PatchMismatch('index out of range');
    return from[i];
  };
  const out: unknown[] = [];
  for (const item of items) {
    if (typeof item === 'number') out.push(at(item));
    else if (Array.isArray(item) && item.length === 2) out.push(applyJsonPatch(at(item[0]), item[1], depth + 1));
    else if (isRun(item) && item.r.length === 2) {
      const [start, n] = item.r;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new PatchMismatch('bad run');
      at(start);
      at((start as number) + n - 1);
      for (let k = 0; k < n; k++) out.push(from[(start as number) + k]);
    } else out.push(applyNew(item));
  }
  return out;
}
