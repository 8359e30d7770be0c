// Main-thread view over one node's QueueColumns: splits the joined string columns lazily,
// materialises rows on demand and caches per-snapshot work (sort orders, per-domain totals),
// so that the many requests that read one snapshot pay for it once.
import type { Queue, QueueEvent } from '@/lib/pmta/types';
import { RankCache } from './collation-ranks';
import {
  domainTotalsColumns,
  FLAG_BACKOFF,
  FLAG_HAS_ERRORS,
  FLAG_PAUSED,
  rowToQueue,
  splitColumn,
  type DomainTotalsColumns,
  type QueueColumns,
} from './queue-columns';
import type { QueueTotals } from './queue-totals';

export type QueueSortKey = 'name' | 'domain' | 'vmta' | 'rcp' | 'kb' | 'conn' | 'mode' | 'paused' | 'retryTime';

export interface DomainTotals extends QueueTotals {
  domain: string;
  withErrors: number;
}

const ROW_BITS = 2 ** 20;

/** Text-column ranks, shared by every table (and node) of the process. */
const RANKS = { domain: new RankCache(), vmta: new RankCache(), name: new RankCache(), retryTime: new RankCache() };

/**
 * The order `(x, y) => x - y || a - b` with NaN last gives, without a JS comparator: when every
 * value is a whole number in [0, 2^32) and there are < 2^20 rows, `value·2^20 + row` is an
 * exact double that sorts natively (~10× faster on 100k rows). Null when that does not hold.
 */
export function numericOrder(col: Float64Array): Uint32Array | null {
  // kB comes with one decimal: whole tenths keep their order when scaled by 10.
  return keyedOrder(col, 1) ?? keyedOrder(col, 10);
}

function keyedOrder(col: Float64Array, scale: number): Uint32Array | null {
  const n = col.length;
  if (n >= ROW_BITS) return null;
  const keys = new Float64Array(n);
  const unknown: number[] = [];
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = col[i]!;
    if (Number.isNaN(v)) {
      unknown.push(i);
      continue;
    }
    const w = scale === 1 ? v : Math.round(v * scale);
    // Exactly representable as w/scale, so distinct values get distinct whole keys, in order.
    if (!(w >= 0 && w < 2 ** 32 && Number.isInteger(w)) || (scale !== 1 && w / scale !== v)) return null;
    keys[m++] = w * ROW_BITS + i;
  }
  const sorted = keys.subarray(0, m).sort();
  const out = new Uint32Array(n);
  for (let k = 0; k < m; k++) out[k] = sorted[k]! % ROW_BITS;
  for (let u = 0; u < unknown.length; u++) out[m + u] = unknown[u]!;
  return out;
}

/** Memos derived from the domain (vMTA) column alone, which a table can take over from the previous one. */
const DOMAIN_MEMOS = ['domains', 'domainStarts', 'lowerDomainNames', 'lowerDomainText', 'lowerDomains', 'lowerDomainLines'];
const VMTA_MEMOS = ['vmtas', 'vmtaStarts', 'lowerVmtaLines'];

export class QueueTable {
  private cache = new Map<string, unknown>();

  /**
   * `prev`: the same node's previous table. A node's domains and vMTAs rarely change between
   * polls, but each list arrives with its own copy of the joined names: when they are equal,
   * this table keeps the previous string and what was derived from it (split names, offsets,
   * lower-cased text), so that consecutive snapshots of a 100k-domain node neither hold two
   * copies nor split the names again.
   */
  constructor(
    readonly columns: QueueColumns,
    prev?: QueueTable | null,
  ) {
    if (!prev) return;
    if (prev.columns.domains === columns.domains) this.takeOver(prev, 'domains', DOMAIN_MEMOS);
    if (prev.columns.vmtas === columns.vmtas) this.takeOver(prev, 'vmtas', VMTA_MEMOS);
  }

  private takeOver(prev: QueueTable, column: 'domains' | 'vmtas', memos: string[]): void {
    this.columns[column] = prev.columns[column];
    for (const k of memos) if (prev.cache.has(k)) this.cache.set(k, prev.cache.get(k));
  }

  get count(): number {
    return this.columns.count;
  }

  private memo<T>(key: string, make: () => T): T {
    if (!this.cache.has(key)) this.cache.set(key, make());
    return this.cache.get(key) as T;
  }

  get names(): string[] {
    return this.memo('names', () => splitColumn(this.columns.names, this.columns.count));
  }
  get retryTimes(): string[] {
    return this.memo('retry', () => splitColumn(this.columns.retryTimes, this.columns.count));
  }
  get domains(): string[] {
    return this.memo('domains', () => (this.columns.domains ? this.columns.domains.split('\n') : []));
  }
  /** `domains` lower-cased, by domain id (one toLowerCase of the joined column, not one per name). */
  get lowerDomainNames(): string[] {
    return this.memo('lowerDomainNames', () => (this.columns.domains ? this.lowerDomainText.split('\n') : []));
  }
  /** The joined domain column lower-cased, once per snapshot (name search, exact lookup, names). */
  private get lowerDomainText(): string {
    return this.memo('lowerDomainText', () => this.columns.domains.toLowerCase());
  }
  get vmtas(): string[] {
    return this.memo('vmtas', () => (this.columns.vmtas ? this.columns.vmtas.split('\n') : []));
  }
  private get eventsByRow(): Map<number, QueueEvent[]> {
    return this.memo('events', () => new Map(this.columns.events.map((e) => [e.row, e.events])));
  }

  row(i: number): Queue {
    return rowToQueue(this.columns, this.names, this.retryTimes, this.domains, this.vmtas, this.eventsByRow, i);
  }

  /** Distinct domains (ids 0 … domainCount - 1). */
  get domainCount(): number {
    return this.domainStarts.length - 1;
  }

  /**
   * Domain `id`'s name, cut from the joined column (or taken from `domains` once split): what
   * runs after every poll (history rows, queue states, alerts) reads a few thousand names,
   * and splitting all 100k of a big node per snapshot was most of the main thread's heap.
   */
  domainName(id: number): string {
    const split = this.cache.get('domains') as string[] | undefined;
    if (split) return split[id]!;
    const st = this.domainStarts;
    return this.columns.domains.slice(st[id]!, st[id + 1]! - 1);
  }

  vmtaName(id: number): string {
    const split = this.cache.get('vmtas') as string[] | undefined;
    if (split) return split[id]!;
    const st = this.vmtaStarts;
    return this.columns.vmtas.slice(st[id]!, st[id + 1]! - 1);
  }

  private get domainStarts(): Uint32Array {
    return this.memo('domainStarts', () => lineStarts(this.columns.domains, this.columns.domainTotals?.rcp.length));
  }
  private get vmtaStarts(): Uint32Array {
    return this.memo('vmtaStarts', () => lineStarts(this.columns.vmtas));
  }

  domainOf(i: number): string {
    return this.domainName(this.columns.domainOf[i]!);
  }
  vmtaOf(i: number): string {
    return this.vmtaName(this.columns.vmtaOf[i]!);
  }
  isBackoff(i: number): boolean {
    return (this.columns.flags[i]! & FLAG_BACKOFF) !== 0;
  }
  isPaused(i: number): boolean {
    return (this.columns.flags[i]! & FLAG_PAUSED) !== 0;
  }
  hasErrors(i: number): boolean {
    return (this.columns.flags[i]! & FLAG_HAS_ERRORS) !== 0;
  }

  /** Rows of one domain (exact, case-insensitive), in table order. */
  rowsOfDomain(domain: string): number[] {
    const id = this.domainIdByLowerName(domain.toLowerCase());
    if (id === -1) return [];
    const { start, rows } = this.rowsByDomain;
    return Array.from(rows.subarray(start[id]!, start[id + 1]!));
  }

  /**
   * The first domain id whose lower-cased name is `key` (what a linear search would find), or
   * -1: one indexOf over the lower-cased "\n"-joined names, instead of a 100k-entry Map built
   * on the request that first drills into a new snapshot. (Lower-casing the joined names is
   * lower-casing each: "\n" is neither cased nor case-ignorable, so no casing context crosses
   * it, and it maps to itself.)
   */
  private domainIdByLowerName(key: string): number {
    if (key.includes('\n') || this.columns.count === 0) return -1;
    const joined = this.memo('lowerDomains', () => `\n${this.lowerDomainText}\n`);
    const at = joined.indexOf(`\n${key}\n`);
    if (at === -1) return -1;
    let id = 0;
    for (let i = joined.indexOf('\n', 1); i !== -1 && i <= at; i = joined.indexOf('\n', i + 1)) id++;
    return id;
  }

  /**
   * 1 for every domain id whose lower-cased name contains `needle` (lower-case). The text
   * filter asks this on every keystroke: one native indexOf walk over the joined lower-cased
   * names (built once per snapshot) instead of lower-casing every name of a 100k-queue table
   * per request. (The other IDN form is matched by the caller: idn-forms is server-only, and
   * this module also runs in the parse worker.)
   */
  domainIdsContaining(needle: string): Uint8Array {
    return idsContaining(
      this.memo('lowerDomainLines', () => lineIndex(this.lowerDomainText, this.domains.length)),
      needle,
    );
  }

  /** 1 for every vMTA id whose lower-cased name contains `needle` (lower-case). */
  vmtaIdsContaining(needle: string): Uint8Array {
    return idsContaining(
      this.memo('lowerVmtaLines', () => lineIndex(this.columns.vmtas.toLowerCase(), this.vmtas.length)),
      needle,
    );
  }

  /** Rows grouped by domain id, in table order within each (counting sort, O(rows)). */
  private get rowsByDomain(): { start: Uint32Array; rows: Uint32Array } {
    return this.memo('rowsByDomain', () => {
      const of = this.columns.domainOf;
      const start = new Uint32Array(this.domains.length + 1);
      for (let i = 0; i < of.length; i++) start[of[i]! + 1]!++;
      for (let d = 0; d < this.domains.length; d++) start[d + 1]! += start[d]!;
      const next = start.slice(0, -1);
      const rows = new Uint32Array(of.length);
      for (let i = 0; i < of.length; i++) rows[next[of[i]!]!++] = i;
      return { start, rows };
    });
  }

  /** Ascending order of rows by a key; unknown values sort last. Cached per snapshot. */
  order(key: QueueSortKey): Uint32Array {
    return this.memo(`order:${key}`, () => {
      const idx = new Uint32Array(this.count);
      for (let i = 0; i < idx.length; i++) idx[i] = i;
      const c = this.columns;
      const num = (col: Float64Array) => (a: number, b: number) => {
        const x = col[a]!;
        const y = col[b]!;
        if (Number.isNaN(x)) return Number.isNaN(y) ? a - b : 1;
        if (Number.isNaN(y)) return -1;
        return x - y || a - b;
      };
      if (key === 'rcp' && c.rcpOrder) return c.rcpOrder; // sorted by the parse worker
      if (key === 'rcp' || key === 'kb' || key === 'conn') {
        const fast = numericOrder(c[key]);
        if (fast) return fast;
      }
      if (key === 'domain' || key === 'vmta' || key === 'name' || key === 'retryTime') {
        // Rank each row's string (ranks shared across snapshots), then sort ranks natively.
        const rowRank = new Float64Array(this.count);
        if (key === 'domain' || key === 'vmta') {
          const idRank = RANKS[key].ranksOf(key === 'domain' ? this.domains : this.vmtas);
          const of = key === 'domain' ? c.domainOf : c.vmtaOf;
          for (let i = 0; i < rowRank.length; i++) rowRank[i] = idRank[of[i]!]!;
        } else {
          const values = key === 'name' ? this.names : this.retryTimes.map((t) => t || '\uffff');
          const distinct = [...new Set(values)];
          const r = RANKS[key].ranksOf(distinct);
          const byValue = new Map(distinct.map((v, d) => [v, r[d]!]));
          for (let i = 0; i < rowRank.length; i++) rowRank[i] = byValue.get(values[i]!)!;
        }
        const fast = numericOrder(rowRank);
        if (fast) return fast;
        return idx.sort((a, b) => rowRank[a]! - rowRank[b]! || a - b);
      }
      const cmp: Record<'rcp' | 'kb' | 'conn' | 'mode' | 'paused', (a: number, b: number) => number> = {
        rcp: num(c.rcp),
        kb: num(c.kb),
        conn: num(c.conn),
        mode: (a, b) => (c.flags[a]! & FLAG_BACKOFF) - (c.flags[b]! & FLAG_BACKOFF) || a - b,
        paused: (a, b) => (c.flags[a]! & FLAG_PAUSED) - (c.flags[b]! & FLAG_PAUSED) || a - b,
      };
      return idx.sort(cmp[key as keyof typeof cmp]);
    });
  }

  /** Queues in backoff and paused queues on the node. Cached per snapshot: the overview, the
   * metrics and the history sampler all ask for them. */
  modeCounts(): { backoff: number; paused: number } {
    return this.memo('modeCounts', () => {
      const flags = this.columns.flags;
      let backoff = 0;
      let paused = 0;
      for (let i = 0; i < flags.length; i++) {
        if (flags[i]! & FLAG_BACKOFF) backoff++;
        if (flags[i]! & FLAG_PAUSED) paused++;
      }
      return { backoff, paused };
    });
  }

  /**
   * Totals per domain id in typed arrays, with `order` = ids largest backlog first. Usually
   * computed by the parse worker; walking these instead of domainTotals() spares the main
   * thread one object per domain (100k on a big node) when only the top few are needed.
   */
  domainTotalsColumns(): DomainTotalsColumns {
    return this.memo('domainTotalsColumns', () => this.columns.domainTotals ?? domainTotalsColumns(this.columns));
  }

  /** Totals per domain, largest backlog first. Cached per snapshot. */
  domainTotals(): DomainTotals[] {
    return this.memo('domainTotals', () => {
      const t = this.domainTotalsColumns();
      const out: DomainTotals[] = new Array(t.order.length);
      for (let k = 0; k < t.order.length; k++) {
        const d = t.order[k]!;
        out[k] = {
          domain: this.domains[d]!,
          queues: t.queues[d]!,
          rcp: t.rcp[d]!,
          kb: t.kb[d]!,
          conn: t.conn[d]!,
          backoff: t.backoff[d]!,
          paused: t.paused[d]!,
          withErrors: t.withErrors[d]!,
        };
      }
      return out;
    });
  }
}

/**
 * Where each entry of a "\n"-joined column starts, and past the end (`starts[count]`); none
 * for "". `count`, when known (the worker's per-domain totals), spares the counting pass.
 */
function lineStarts(text: string, count?: number): Uint32Array {
  if (!text) return new Uint32Array(1);
  if (count === undefined) {
    count = 1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  }
  return lineIndex(text, count).starts;
}

/** "\n"-joined names with the offset where each line starts (`starts[count]` = past the end). */
interface LineIndex {
  text: string;
  starts: Uint32Array;
}

function lineIndex(text: string, count: number): LineIndex {
  const starts = new Uint32Array(count + 1);
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && line < count; i = text.indexOf('\n', i + 1)) starts[line++] = i + 1;
  starts[count] = text.length + 1;
  return { text, starts };
}

/** 1 for each line containing `needle` (which has no "\n", so a match never spans two lines). */
function idsContaining({ text, starts }: LineIndex, needle: string): Uint8Array {
  const count = starts.length - 1;
  const set = new Uint8Array(count);
  if (needle === '') return set.fill(1);
  if (needle.includes('\n')) return set;
  for (let at = text.indexOf(needle); at !== -1;) {
    // The line holding `at`: the last start <= at.
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    set[lo] = 1;
    at = text.indexOf(needle, starts[lo + 1]!);
  }
  return set;
}
