// A node's queue list in columnar form. A 100k-queue node parsed in a worker thread must
// come back to the main thread without stalling it: structured-cloning 100k small objects
// costs hundreds of milliseconds, while typed arrays transfer for free and one long string
// clones as a single copy. Rows are materialised as `Queue` objects only for what a request
// actually returns (a page, a domain). Pure module: the worker loads it too.
import type { Queue, QueueEvent, QueueList } from '@/lib/pmta/types';
import { RankCache } from './collation-ranks';
import { InternedText, JoinedText } from './text-column';

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
  /** Events only for the rows that have any (most queues have none), in row order. */
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
  /** rcp per lower-cased domain (see lowerDomainRcp); also from the worker. */
  lowerDomainRcp?: LowerDomainRcp;
  /** numericOrder(rcp), the queue list's default sort; also from the worker. */
  rcpOrder?: Uint32Array;
  /**
   * When each row was last fetched (ms), in a table merged from partial lists (adaptive
   * polling, queue-merge.ts): rows the partial lists did not bring keep their older values and
   * time. Absent: every row comes from one full list.
   */
  seenAt?: Float64Array;
}

/**
 * rcp summed per lower-cased domain, names in code-unit order and "\n"-joined. Sorted by name
 * rather than by backlog so that successive polls of a node usually give the very same
 * `names` string: BacklogHistory then keeps one name index for all its samples of that node
 * and stores each poll as a Float64Array, not a 100k-entry Map built on the main thread.
 */
export interface LowerDomainRcp {
  names: string;
  rcp: Float64Array;
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

/** Flag bits of one queue (paused/mode tri-states, and whether any event is an error). */
export function queueFlags(paused: boolean | null, mode: string | null, events: readonly QueueEvent[]): number {
  let f = 0;
  if (paused !== null) f |= FLAG_PAUSED_KNOWN | (paused ? FLAG_PAUSED : 0);
  if (mode !== null) f |= FLAG_MODE_KNOWN | (mode === 'backoff' ? FLAG_BACKOFF : 0);
  if (events.some((e) => e.type === null || e.type === 'error')) f |= FLAG_HAS_ERRORS;
  return f;
}

/**
 * Fills the columns row by row, in row order; the one place that knows their layout. Text
 * columns go into JoinedText/InternedText buffers (see text-column.ts): `set` takes strings,
 * while the reply scanners write a row's texts straight from the reply text (`name`, `domain`,
 * `vmta`, `retryTime` with a range, then `values`).
 */
export class ColumnsBuilder {
  private rcp: Float64Array;
  private kb: Float64Array;
  private conn: Float64Array;
  private flags: Uint8Array;
  private domainOf: Uint32Array;
  private vmtaOf: Uint32Array;
  private readonly names: JoinedText;
  private readonly retry: JoinedText;
  private readonly domains: InternedText;
  private readonly vmtas = new InternedText();
  private readonly events: QueueColumns['events'] = [];
  private row = 0;

  /** Rows the typed arrays have room for (= n unless growable). */
  private capacity: number;

  constructor(
    /** The number of rows `finish` expects; -1: not known in advance (growable, see `growable`). */
    private readonly n: number,
    /** Expected characters of the names (sizes the buffers; they grow if short). */
    nameChars = n * 24,
    capacity = n,
  ) {
    this.capacity = capacity;
    this.rcp = new Float64Array(capacity);
    this.kb = new Float64Array(capacity);
    this.conn = new Float64Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.domainOf = new Uint32Array(capacity);
    this.vmtaOf = new Uint32Array(capacity);
    this.names = new JoinedText(nameChars + capacity);
    this.retry = new JoinedText(capacity * 20);
    this.domains = new InternedText(nameChars);
  }

  set(
    i: number,
    name: string,
    domain: string,
    vmta: string,
    rcp: number | null,
    kb: number | null,
    conn: number | null,
    flags: number,
    retryTime: string | null,
    events: QueueEvent[],
  ): void {
    this.name(name, 0, name.length);
    this.domain(domain, 0, domain.length);
    this.vmta(vmta, 0, vmta.length);
    const r = retryTime ?? '';
    this.retryTime(r, 0, r.length);
    this.values(i, rcp, kb, conn, flags, events);
  }

  /** The current row's name, s[from, to). */
  name(s: string, from: number, to: number): void {
    this.names.push(s, from, to);
  }

  domain(s: string, from: number, to: number): void {
    if (this.row === this.capacity) this.grow();
    this.domainOf[this.row] = this.domains.id(s, from, to);
  }

  vmta(s: string, from: number, to: number): void {
    if (this.row === this.capacity) this.grow();
    this.vmtaOf[this.row] = this.vmtas.id(s, from, to);
  }

  /** Empty for none. */
  retryTime(s: string, from: number, to: number): void {
    this.retry.push(s, from, to);
  }

  /** The current row's other values; completes row `i` (rows are written in order). */
  values(i: number, rcp: number | null, kb: number | null, conn: number | null, flags: number, events: QueueEvent[]): void {
    if (i !== this.row) throw new Error(`columns are written in row order (row ${i} after ${this.row - 1})`);
    if (i === this.capacity) this.grow();
    this.rcp[i] = rcp ?? NaN;
    this.kb[i] = kb ?? NaN;
    this.conn[i] = conn ?? NaN;
    this.flags[i] = flags;
    if (events.length) this.events.push({ row: i, events });
    this.row++;
  }

  /**
   * A builder for a reply read in pieces (queue-columns-stream.ts), whose row count is known
   * only at the end: room for `estimate` rows, grown by half when short, trimmed by `finish`.
   */
  static growable(estimate: number, nameChars: number): ColumnsBuilder {
    return new ColumnsBuilder(-1, nameChars, Math.max(16, estimate));
  }

  /** Rows written so far. */
  get rows(): number {
    return this.row;
  }

  private grow(): void {
    const cap = Math.ceil(this.capacity * 1.5) + 16;
    const more = <T extends Float64Array | Uint8Array | Uint32Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.rcp = more(this.rcp, (k) => new Float64Array(k));
    this.kb = more(this.kb, (k) => new Float64Array(k));
    this.conn = more(this.conn, (k) => new Float64Array(k));
    this.flags = more(this.flags, (k) => new Uint8Array(k));
    this.domainOf = more(this.domainOf, (k) => new Uint32Array(k));
    this.vmtaOf = more(this.vmtaOf, (k) => new Uint32Array(k));
    this.capacity = cap;
  }

  /** Drops the unused room of a growable builder (copies of exactly `row` entries). */
  private trim(): void {
    if (this.capacity === this.row) return;
    const k = this.row;
    this.rcp = this.rcp.slice(0, k);
    this.kb = this.kb.slice(0, k);
    this.conn = this.conn.slice(0, k);
    this.flags = this.flags.slice(0, k);
    this.domainOf = this.domainOf.slice(0, k);
    this.vmtaOf = this.vmtaOf.slice(0, k);
    this.capacity = k;
  }

  finish(totalRcp: number | null, totalQueuesWithRcp: number | null, truncated: boolean): QueueColumns {
    if (this.n !== -1 && this.row !== this.n) throw new Error(`${this.row} of ${this.n} rows written`);
    this.trim();
    return {
      count: this.row,
      names: this.names.toString(),
      retryTimes: this.retry.toString(),
      rcp: this.rcp,
      kb: this.kb,
      conn: this.conn,
      flags: this.flags,
      domainOf: this.domainOf,
      domains: this.domains.toString(),
      vmtaOf: this.vmtaOf,
      vmtas: this.vmtas.toString(),
      events: this.events,
      totalRcp,
      totalQueuesWithRcp,
      truncated,
    };
  }
}

/** Reference conversion from the model (tests, fixtures); the worker builds columns in one pass. */
export function toColumns(list: QueueList): QueueColumns {
  const b = new ColumnsBuilder(list.queues.length);
  list.queues.forEach((q, i) => b.set(i, q.name, q.domain, q.vmta, q.rcp, q.kb, q.conn, queueFlags(q.paused, q.mode, q.events), q.retryTime, q.events));
  return b.finish(list.totalRcp, list.totalQueuesWithRcp, list.truncated);
}

const collator = new Intl.Collator('en', { numeric: true });

/**
 * Collation ranks of domain names for the life of the thread (the parse worker): a node's
 * domains barely change between polls, so after the first poll ranking them is Map lookups,
 * not 100k collator calls (see collation-ranks.ts).
 */
const domainRanks = new RankCache();

const RANK_BITS = 2 ** 21;

/**
 * Domain ids by rcp descending, then name — sorted natively on whole-number keys
 * `(max − rcp)·2^21 + collation rank` when rcp sums are whole and ranks small (always, for
 * PowerMTA's counts); otherwise with the comparator.
 */
function totalsOrder(rcp: Float64Array, names: string[], rank: Uint32Array = domainRanks.ranksOf(names)): Uint32Array {
  const m = names.length;
  let maxRank = 0;
  for (let d = 0; d < m; d++) maxRank = Math.max(maxRank, rank[d]!);
  let whole = maxRank < RANK_BITS;
  for (let d = 0; whole && d < m; d++) whole = Number.isInteger(rcp[d]!) && rcp[d]! >= 0 && rcp[d]! < 2 ** 31;
  if (!whole) {
    const ids = Array.from({ length: m }, (_, i) => i);
    ids.sort((a, b) => rcp[b]! - rcp[a]! || collator.compare(names[a]!, names[b]!));
    return Uint32Array.from(ids);
  }
  const idOfRank = new Uint32Array(maxRank + 1);
  const keys = new Float64Array(m);
  for (let d = 0; d < m; d++) {
    idOfRank[rank[d]!] = d;
    keys[d] = (2 ** 31 - 1 - rcp[d]!) * RANK_BITS + rank[d]!;
  }
  keys.sort();
  const order = new Uint32Array(m);
  for (let k = 0; k < m; k++) order[k] = idOfRank[keys[k]! % RANK_BITS]!;
  return order;
}

/** Sums per domain in row order, and the domain ids sorted by rcp descending, then name. */
export function domainTotalsColumns(c: QueueColumns, names: string[] = c.domains ? c.domains.split('\n') : [], rank?: Uint32Array): DomainTotalsColumns {
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
  t.order = totalsOrder(t.rcp, names, rank);
  return t;
}

export function lowerDomainRcp(
  c: QueueColumns,
  totals: DomainTotalsColumns = c.domainTotals ?? domainTotalsColumns(c),
  names: string[] = c.domains ? c.domains.split('\n') : [],
  ranks?: Uint32Array,
): LowerDomainRcp {
  // Usual case: every domain is already lower-case, so nothing merges; list them in
  // collation order (stable from poll to poll, and already ranked for the totals).
  if (names.every((n) => n === n.toLowerCase())) {
    const rank = ranks ?? domainRanks.ranksOf(names);
    // Ranks of distinct names are distinct: walk the ranks in order (a counting sort).
    let maxRank = -1;
    for (let d = 0; d < rank.length; d++) maxRank = Math.max(maxRank, rank[d]!);
    const idOfRank = new Int32Array(maxRank + 1).fill(-1);
    for (let d = 0; d < rank.length; d++) idOfRank[rank[d]!] = d;
    const ordered: string[] = new Array(names.length);
    const rcp = new Float64Array(names.length);
    let k = 0;
    for (let r = 0; r <= maxRank; r++) {
      const d = idOfRank[r]!;
      if (d === -1) continue;
      ordered[k] = names[d]!;
      rcp[k++] = totals.rcp[d]!;
    }
    return { names: ordered.join('\n'), rcp };
  }
  const sums = new Map<string, number>();
  for (let d = 0; d < names.length; d++) {
    const key = names[d]!.toLowerCase();
    sums.set(key, (sums.get(key) ?? 0) + totals.rcp[d]!);
  }
  const keys = [...sums.keys()].sort();
  return { names: keys.join('\n'), rcp: Float64Array.from(keys, (k) => sums.get(k)!) };
}

/**
 * Both derived indexes of a table (what the parse worker sends after the columns), splitting
 * and ranking the domain names once for the two.
 */
export function derivedIndexes(c: QueueColumns): { domainTotals: DomainTotalsColumns; lowerDomainRcp: LowerDomainRcp } {
  const names = c.domains ? c.domains.split('\n') : [];
  const rank = domainRanks.ranksOf(names);
  const domainTotals = domainTotalsColumns(c, names, rank);
  return { domainTotals, lowerDomainRcp: lowerDomainRcp(c, domainTotals, names, rank) };
}

/** The buffers to move (not copy) with postMessage. */
export function transferables(c: QueueColumns): ArrayBuffer[] {
  const own = [c.rcp, c.kb, c.conn, c.flags, c.domainOf, c.vmtaOf, ...(c.seenAt ? [c.seenAt] : [])].map((a) => a.buffer as ArrayBuffer);
  return c.domainTotals && c.lowerDomainRcp ? [...own, ...derivedTransferables(c.domainTotals, c.lowerDomainRcp)] : own;
}

/** The buffers of the derived indexes (sent in their own message). */
export function derivedTransferables(d: DomainTotalsColumns, l: LowerDomainRcp): ArrayBuffer[] {
  return [d.order, d.queues, d.rcp, d.kb, d.conn, d.backoff, d.paused, d.withErrors, l.rcp].map((a) => a.buffer as ArrayBuffer);
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
