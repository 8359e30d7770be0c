// Leaf coercion shared by the normalisers. XML gives strings, JSON gives typed values, and
// either may leave a leaf out, so every reader accepts both forms and maps "absent" to null.
// Hand-written rather than zod: it runs per leaf on 100k-queue replies, and a failure must
// name the exact path (`queue[3].rcp: expected a number, got "12x"`). Callers pass the
// parent path (`queue[3]`) and the key separately so the full path string is only built when
// something is wrong.
//
// Pure module (no `server-only`): loaded by the parse worker.
import { PmtaParseError } from './errors';
import type { Maybe, QueueMode } from './types';

export type Obj = Record<string, unknown>;

const EMPTY: Obj = Object.freeze({}) as Obj;
const NUMERIC = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

export function pathOf(at: string, key: string): string {
  return at ? `${at}.${key}` : key;
}

function show(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : typeof v === 'object' ? 'an element' : String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** An element with attributes comes back from fast-xml-parser as `{ '#text': …, '@_x': … }`. */
function leaf(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && '#text' in v) return (v as Obj)['#text'];
  return v;
}

function absent(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

export function num(v: unknown, at: string, key: string): Maybe<number> {
  v = leaf(v);
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return v;
  } else if (typeof v === 'string') {
    const s = v.trim();
    if (s === '') return null;
    if (NUMERIC.test(s)) return Number(s);
  } else if (absent(v)) {
    return null;
  }
  throw new PmtaParseError(`expected a number, got ${show(v)}`, pathOf(at, key));
}

export function bool(v: unknown, at: string, key: string): Maybe<boolean> {
  v = leaf(v);
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === 0) return v === 1;
  if (typeof v === 'string') {
    switch (v.trim().toLowerCase()) {
      case 'yes':
      case 'true':
      case '1':
        return true;
      case 'no':
      case 'false':
      case '0':
        return false;
      case '':
        return null;
    }
  } else if (absent(v)) {
    return null;
  }
  throw new PmtaParseError(`expected yes/no/true/false/1/0, got ${show(v)}`, pathOf(at, key));
}

export function str(v: unknown, at: string, key: string): Maybe<string> {
  v = leaf(v);
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (absent(v)) return null;
  throw new PmtaParseError(`expected text, got ${show(v)}`, pathOf(at, key));
}

/** Identity leaves (queue name, job id…): a row without one cannot be shown or acted on. */
export function reqStr(v: unknown, at: string, key: string): string {
  const s = str(v, at, key);
  if (s === null) throw new PmtaParseError('missing', pathOf(at, key));
  return s;
}

/** `normal` | `backoff`; anything else (unknown future modes, absent) → null. */
export function mode(v: unknown): Maybe<QueueMode> {
  v = leaf(v);
  if (typeof v !== 'string') return null;
  const m = v.trim().toLowerCase();
  return m === 'normal' || m === 'backoff' ? m : null;
}

/** A nested element; absent or empty (`<lastHr/>`) → an empty object, so its leaves read null. */
export function obj(v: unknown, at: string, key: string): Obj {
  if (absent(v)) return EMPTY;
  if (Array.isArray(v)) {
    if (v.length === 0) return EMPTY;
    if (v.length === 1) return obj(v[0], at, key);
  } else if (typeof v === 'object') {
    return v as Obj;
  }
  throw new PmtaParseError(`expected an element, got ${show(v)}`, pathOf(at, key));
}

/** A repeating element: absent → [], one object → [it], array → as is. */
export function list(v: unknown, at: string, key: string): unknown[] {
  if (absent(v)) return [];
  if (Array.isArray(v)) return v;
  if (typeof v === 'object') return [v];
  throw new PmtaParseError(`expected a list of elements, got ${show(v)}`, pathOf(at, key));
}

/**
 * A wrapped list: XML `<errors><error/>…</errors>` is `{error: [...]}`, while JSON may send
 * `errors: [...]` directly. Accepts both. Returns null when the container is absent, so
 * callers can fall back to another form.
 */
export function wrappedList(parent: Obj, container: string, child: string, at: string): unknown[] | null {
  const v = parent[container];
  if (v === undefined || v === null) return null;
  if (v === '') return [];
  if (Array.isArray(v)) return v;
  if (typeof v === 'object') return list((v as Obj)[child], pathOf(at, container), child);
  throw new PmtaParseError(`expected a list of <${child}> elements, got ${show(v)}`, pathOf(at, container));
}
