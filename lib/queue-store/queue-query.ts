// Filter, sort and page every queue of every node. Each node's table keeps cached sort orders
// per snapshot, so a query walks pre-sorted rows, filters them with integer lookups (domain and
// vMTA ids, flag bits — no per-row string work) and k-way merges the nodes, materialising only
// the rows of the requested page.
import type { Queue } from '@/lib/pmta/types';
import type { QueueSortKey, QueueTable } from './queue-table';
import { FLAG_BACKOFF, FLAG_HAS_ERRORS, FLAG_PAUSED } from './queue-columns';
import { otherIdnForms } from './idn-forms';

/** Domain ids matching `needle` by name or by their other IDN form (idn-forms.ts). */
function domainsMatching(t: QueueTable, needle: string): Uint8Array {
  const set = t.domainIdsContaining(needle);
  const other = otherIdnForms(t.domains);
  for (let i = 0; i < other.length; i++) if (other[i]?.includes(needle)) set[i] = 1;
  return set;
}

type FleetSortKey = QueueSortKey | 'node';

interface QueueFilter {
  /** Substring of node id, domain or vMTA; `domain/vmta` matches both parts. */
  text?: string;
  node?: string;
  /** Exact vMTA name, case-insensitive. */
  vmta?: string;
  mode?: 'normal' | 'backoff';
  paused?: boolean;
  hasErrors?: boolean;
}

export interface QueueQuery {
  filter: QueueFilter;
  sort: FleetSortKey;
  dir: 'asc' | 'desc';
  offset: number;
  limit: number;
}

export interface QueueRow extends Queue {
  node: string;
}

export interface QueuePage {
  rows: QueueRow[];
  total: number;
  totals: { rcp: number; kb: number; conn: number; backoff: number; paused: number };
}

interface Source {
  node: string;
  table: QueueTable;
}

const collator = new Intl.Collator('en', { numeric: true });

/** Rows of one table that pass the filter, in the table's order for `key` and `dir`. */
function matchingRows(src: Source, f: QueueFilter, key: QueueSortKey, dir: 'asc' | 'desc'): Uint32Array {
  const t = src.table;
  if (f.node && f.node !== src.node) return new Uint32Array(0);
  const text = f.text?.trim().toLowerCase() ?? '';
  let domainOk: Uint8Array | null = null;
  let vmtaOk: Uint8Array | null = null;
  let both = false;
  if (text && !src.node.toLowerCase().includes(text)) {
    const slash = text.indexOf('/');
    if (slash >= 0) {
      both = true;
      domainOk = domainsMatching(t, text.slice(0, slash));
      vmtaOk = t.vmtaIdsContaining(text.slice(slash + 1));
    } else {
      domainOk = domainsMatching(t, text);
      vmtaOk = t.vmtaIdsContaining(text);
    }
  }
  const wantVmta = f.vmta?.toLowerCase();
  const vmtaIs = wantVmta === undefined ? null : Uint8Array.from(t.vmtas, (v) => (v.toLowerCase() === wantVmta ? 1 : 0));
  const c = t.columns;
  const order = t.order(key);
  // Typed buffers rather than pushing 100k numbers: this runs on every request.
  const out = new Uint32Array(order.length);
  let n = 0;
  const unknownLast: number[] = [];
  const numeric = key === 'rcp' || key === 'kb' || key === 'conn' ? c[key] : null;
  const flags = c.flags;
  const wantBackoff = f.mode === undefined ? -1 : f.mode === 'backoff' ? FLAG_BACKOFF : 0;
  const wantPaused = f.paused === undefined ? -1 : f.paused ? FLAG_PAUSED : 0;
  const wantErrors = f.hasErrors === undefined ? -1 : f.hasErrors ? FLAG_HAS_ERRORS : 0;
  const unknownDesc = dir === 'desc' && numeric !== null;
  for (let k = 0; k < order.length; k++) {
    const i = order[dir === 'asc' ? k : order.length - 1 - k]!;
    if (domainOk && vmtaOk) {
      const d = domainOk[c.domainOf[i]!] === 1;
      const v = vmtaOk[c.vmtaOf[i]!] === 1;
      if (both ? !(d && v) : !(d || v)) continue;
    }
    if (vmtaIs && vmtaIs[c.vmtaOf[i]!] !== 1) continue;
    const fl = flags[i]!;
    if (wantBackoff !== -1 && (fl & FLAG_BACKOFF) !== wantBackoff) continue;
    if (wantPaused !== -1 && (fl & FLAG_PAUSED) !== wantPaused) continue;
    if (wantErrors !== -1 && (fl & FLAG_HAS_ERRORS) !== wantErrors) continue;
    // Unknown values sort last in both directions.
    if (unknownDesc && Number.isNaN(numeric[i]!)) unknownLast.push(i);
    else out[n++] = i;
  }
  for (let u = unknownLast.length - 1; u >= 0; u--) out[n++] = unknownLast[u]!;
  return out.subarray(0, n);
}

function compareAcross(a: Source, i: number, b: Source, j: number, key: FleetSortKey): number {
  const ta = a.table;
  const tb = b.table;
  switch (key) {
    case 'node':
      return collator.compare(a.node, b.node);
    case 'rcp':
    case 'kb':
    case 'conn': {
      // Unknown (NaN) values are ordered by the merge itself (always last); equal here.
      const x = ta.columns[key][i]!;
      const y = tb.columns[key][j]!;
      return Number.isNaN(x) || Number.isNaN(y) ? 0 : x - y;
    }
    case 'name':
      return collator.compare(ta.names[i]!, tb.names[j]!);
    case 'domain':
      return collator.compare(ta.domainOf(i), tb.domainOf(j));
    case 'vmta':
      return collator.compare(ta.vmtaOf(i), tb.vmtaOf(j));
    case 'retryTime':
      return collator.compare(ta.retryTimes[i] || '\uffff', tb.retryTimes[j] || '\uffff');
    case 'mode':
      return Number(ta.isBackoff(i)) - Number(tb.isBackoff(j));
    case 'paused':
      return Number(ta.isPaused(i)) - Number(tb.isPaused(j));
  }
}

function isUnknown(src: Source, i: number, key: FleetSortKey): boolean {
  return (key === 'rcp' || key === 'kb' || key === 'conn') && Number.isNaN(src.table.columns[key][i]!);
}

export type QueueOrder = Pick<QueueQuery, 'filter' | 'sort' | 'dir'>;

interface Prepared {
  ordered: Source[];
  lists: Uint32Array[];
}

function prepare(sources: Source[], q: QueueOrder): Prepared {
  const tableKey: QueueSortKey = q.sort === 'node' ? 'rcp' : q.sort;
  const ordered = [...sources].sort((a, b) => collator.compare(a.node, b.node));
  const lists = ordered.map((s) => matchingRows(s, q.filter, tableKey, q.sort === 'node' ? 'desc' : q.dir));
  if (q.sort === 'node' && q.dir === 'desc') {
    ordered.reverse();
    lists.reverse();
  }
  return { ordered, lists };
}

/** k-way merge of the per-node lists in query order; k (nodes) is small, so a linear scan of heads is fine. */
function* merge({ ordered, lists }: Prepared, q: QueueOrder): Generator<[Source, number]> {
  const sign = q.dir === 'asc' ? 1 : -1;
  const heads = lists.map(() => 0);
  for (;;) {
    let best = -1;
    for (let n = 0; n < lists.length; n++) {
      if (heads[n]! >= lists[n]!.length) continue;
      if (best < 0) {
        best = n;
        continue;
      }
      const i = lists[n]![heads[n]!]!;
      const j = lists[best]![heads[best]!]!;
      const ui = isUnknown(ordered[n]!, i, q.sort);
      const uj = isUnknown(ordered[best]!, j, q.sort);
      if (ui !== uj) {
        if (uj) best = n;
        continue;
      }
      const c = q.sort === 'node' ? 0 : compareAcross(ordered[n]!, i, ordered[best]!, j, q.sort);
      if (sign * c < 0) best = n;
    }
    if (best < 0) return;
    yield [ordered[best]!, lists[best]![heads[best]!++]!];
  }
}

export function queryQueues(sources: Source[], q: QueueQuery): QueuePage {
  const prepared = prepare(sources, q);
  const totals = { rcp: 0, kb: 0, conn: 0, backoff: 0, paused: 0 };
  let total = 0;
  prepared.lists.forEach((rows, n) => {
    const t = prepared.ordered[n]!.table;
    const c = t.columns;
    total += rows.length;
    for (let k = 0; k < rows.length; k++) {
      const i = rows[k]!;
      totals.rcp += c.rcp[i]! || 0;
      totals.kb += c.kb[i]! || 0;
      totals.conn += c.conn[i]! || 0;
      if (c.flags[i]! & FLAG_BACKOFF) totals.backoff++;
      if (c.flags[i]! & FLAG_PAUSED) totals.paused++;
    }
  });
  const rows: QueueRow[] = [];
  const end = Math.min(total, q.offset + q.limit);
  let pos = 0;
  for (const [src, i] of merge(prepared, q)) {
    if (pos >= end) break;
    if (pos >= q.offset) rows.push({ ...src.table.row(i), node: src.node });
    pos++;
  }
  return { rows, total, totals };
}

/** Every matching row in query order, materialised one at a time (CSV export of 100k queues). */
export function* allQueues(sources: Source[], q: QueueOrder): Generator<QueueRow> {
  for (const [src, i] of merge(prepare(sources, q), q)) yield { ...src.table.row(i), node: src.node };
}
