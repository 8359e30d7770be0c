// A node's queue list in columnar form. A 100k-queue node parsed in a worker thread must
// come back to the main thread without stalling it: structured-cloning 100k small objects
// costs hundreds of milliseconds, while typed arrays transfer for free and one long string
// clones as a single copy. Rows are materialised as `Queue` objects only for what a request
// actually returns (a page, a domain). Pure module: the worker loads it too.
import type { Queue, QueueEvent, QueueList } from '@/lib/pmta/types';

/** `NaN` in a number column means PowerMTA did not send the value (null in the model). */
export interface QueueColumns {
  count: number;
  /** Queue names joined by "\n" (PowerMTA queue names never contain a newline). */
  names: string;
  /** Retry times joined by "\n"; an empty entry means none. */
  retryTimes: string;
  rcp: Float64Array;
  kb: Float64Array;
  conn: Float64Array;
  /** Bit flags, see FLAG_*. */
  flags: Uint8Array;
  /** Index of each row's domain in `domains`. */
  domainOf: Uint32Array;
  domains: string;
  /** Index of each row's vMTA in `vmtas`. */
  vmtaOf: Uint32Array;
  vmtas: string;
  /** Events only for the rows that have any (most queues have none). */
  events: { row: number; events: QueueEvent[] }[];
  totalRcp: number | null;
  totalQueuesWithRcp: number | null;
  /** PowerMTA returned fewer queues than it says match. */
  truncated: boolean;
  /**
   * Per-domain totals, computed by the parse worker so the main thread never sorts 100k
   * domains per poll (QueueTable computes them itself when absent).
   */
  domainTotals?: DomainTotalsColumns;
}

/** Totals per domain id, and the ids in display order (largest backlog first, then by name). */
export interface DomainTotalsColumns {
  order: Uint32Array;
  queues: Uint32Array;
  rcp: Float64Array;
  kb: Float64Array;
  conn: Float64Array;
  backoff: Uint32Array;
  paused: Uint32Array;
  withErrors: Uint32Array;
}

export const FLAG_PAUSED_KNOWN = 1;
export const FLAG_PAUSED = 2;
export const FLAG_MODE_KNOWN = 4;
export const FLAG_BACKOFF = 8;
export const FLAG_HAS_ERRORS = 16;

function interned(values: Map<string, number>, key: string): number {
  let id = values.get(key);
  if (id === undefined) {
    id = values.size;
    values.set(key, id);
  }
  return id;
}

export function toColumns(list: QueueList): QueueColumns {
  const n = list.queues.length;
  const rcp = new Float64Array(n);
  const kb = new Float64Array(n);
  const conn = new Float64Array(n);
  const flags = new Uint8Array(n);
  const domainOf = new Uint32Array(n);
  const vmtaOf = new Uint32Array(n);
  const names: string[] = new Array(n);
  const retry: string[] = new Array(n);
  const domains = new Map<string, number>();
  const vmtas = new Map<string, number>();
  const events: QueueColumns['events'] = [];
  for (let i = 0; i < n; i++) {
    const q = list.queues[i]!;
    names[i] = q.name;
    retry[i] = q.retryTime ?? '';
    rcp[i] = q.rcp ?? NaN;
    kb[i] = q.kb ?? NaN;
    conn[i] = q.conn ?? NaN;
    let f = 0;
    if (q.paused !== null) f |= FLAG_PAUSED_KNOWN | (q.paused ? FLAG_PAUSED : 0);
    if (q.mode !== null) f |= FLAG_MODE_KNOWN | (q.mode === 'backoff' ? FLAG_BACKOFF : 0);
    if (q.events.some((e) => e.type === null || e.type === 'error')) f |= FLAG_HAS_ERRORS;
    flags[i] = f;
    domainOf[i] = interned(domains, q.domain);
    vmtaOf[i] = interned(vmtas, q.vmta);
    if (q.events.length) events.push({ row: i, events: q.events });
  }
  return {
    count: n,
    names: names.join('\n'),
    retryTimes: retry.join('\n'),
    rcp,
    kb,
    conn,
    flags,
    domainOf,
    domains: [...domains.keys()].join('\n'),
    vmtaOf,
    vmtas: [...vmtas.keys()].join('\n'),
    events,
    totalRcp: list.totalRcp,
    totalQueuesWithRcp: list.totalQueuesWithRcp,
    truncated: list.truncated,
  };
}

const collator = new Intl.Collator('en', { numeric: true });

/** Sums per domain in row order, and the domain ids sorted by rcp descending, then name. */
export function domainTotalsColumns(c: QueueColumns): DomainTotalsColumns {
  const names = c.domains ? c.domains.split('\n') : [];
  const m = names.length;
  const t: DomainTotalsColumns = {
    order: new Uint32Array(m),
    queues: new Uint32Array(m),
    rcp: new Float64Array(m),
    kb: new Float64Array(m),
    conn: new Float64Array(m),
    backoff: new Uint32Array(m),
    paused: new Uint32Array(m),
    withErrors: new Uint32Array(m),
  };
  for (let i = 0; i < c.count; i++) {
    const d = c.domainOf[i]!;
    const f = c.flags[i]!;
    t.queues[d]!++;
    t.rcp[d]! += c.rcp[i]! || 0;
    t.kb[d]! += c.kb[i]! || 0;
    t.conn[d]! += c.conn[i]! || 0;
    if (f & FLAG_BACKOFF) t.backoff[d]!++;
    if (f & FLAG_PAUSED) t.paused[d]!++;
    if (f & FLAG_HAS_ERRORS) t.withErrors[d]!++;
  }
  const ids = Array.from({ length: m }, (_, i) => i);
  ids.sort((a, b) => t.rcp[b]! - t.rcp[a]! || collator.compare(names[a]!, names[b]!));
  t.order.set(ids);
  return t;
}

/** The buffers to move (not copy) with postMessage. */
export function transferables(c: QueueColumns): ArrayBuffer[] {
  const d = c.domainTotals;
  const extra: ArrayBufferView[] = d ? [d.order, d.queues, d.rcp, d.kb, d.conn, d.backoff, d.paused, d.withErrors] : [];
  return [c.rcp, c.kb, c.conn, c.flags, c.domainOf, c.vmtaOf, ...extra].map((a) => a.buffer as ArrayBuffer);
}

const orNull = (v: number) => (Number.isNaN(v) ? null : v);

/** Split a "\n"-joined column; an empty join of zero rows is zero entries, not one. */
export function splitColumn(joined: string, count: number): string[] {
  return count === 0 ? [] : joined.split('\n');
}

/** Materialise one row as the model's `Queue`. */
export function rowToQueue(
  c: QueueColumns,
  names: string[],
  retryTimes: string[],
  domains: string[],
  vmtas: string[],
  eventsByRow: Map<number, QueueEvent[]>,
  i: number,
): Queue {
  const f = c.flags[i]!;
  return {
    name: names[i]!,
    domain: domains[c.domainOf[i]!]!,
    vmta: vmtas[c.vmtaOf[i]!]!,
    rcp: orNull(c.rcp[i]!),
    kb: orNull(c.kb[i]!),
    conn: orNull(c.conn[i]!),
    paused: f & FLAG_PAUSED_KNOWN ? Boolean(f & FLAG_PAUSED) : null,
    mode: f & FLAG_MODE_KNOWN ? (f & FLAG_BACKOFF ? 'backoff' : 'normal') : null,
    retryTime: retryTimes[i] || null,
    events: eventsByRow.get(i) ?? [],
  };
}
