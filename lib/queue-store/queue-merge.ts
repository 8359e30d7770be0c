// Adaptive polling (config `poll.adaptive`, README "Performance / B8"): between two full queue
// lists a node is asked only for the queues in backoff, the paused ones and the top N by
// recipients. This merges those partial lists into the last table, where the columns are
// built (the parse worker), so the main thread receives one finished table per poll as with a
// full list and never rebuilds 100k rows:
// - a queue in a partial list replaces its row (values, flags, retry time, events) and is
//   stamped with this fetch's time in `seenAt`; a queue new to the table is appended;
// - every other row keeps its values and its older `seenAt` (never presented as fresher);
// - a row flagged backoff (paused) that the complete backoff (paused) list no longer names is
//   no longer in backoff (paused): the list is the node's word for it now;
// - nothing is removed: vanished queues leave the table only with the next full list;
// - the list totals (`totalRcp`, `totalQueuesWithRcp`, `truncated`) are the full list's.
// Per-domain totals and the other derived indexes are then computed over the merged rows, as
// for a full list. Pure module: the parse worker loads it.
import type { QueueEvent } from '@/lib/pmta/types';
import { FLAG_BACKOFF, FLAG_MODE_KNOWN, FLAG_PAUSED, FLAG_PAUSED_KNOWN, splitColumn, type QueueColumns } from './queue-columns';

/** Which documented `/queues` filter a partial list came from (lib/fleet/node-poller.ts). */
export type PartialKind = 'backoff' | 'paused' | 'top';

export interface PartialList {
  kind: PartialKind;
  columns: QueueColumns;
}

interface Interned {
  list: string[];
  ids: Map<string, number>;
}

/**
 * The table partial lists are merged into, with the lookups a merge needs (built on the first
 * merge after a full list, then carried from merge to merge).
 */
export interface MergeBase {
  columns: QueueColumns;
  /** When the last full list was fetched: the age of every row no partial list has brought since. */
  fullAt: number;
  names?: string[];
  /** The rows' retry times (split once, then patched in place). */
  retry?: string[];
  index?: Map<string, number>;
  domains?: Interned;
  vmtas?: Interned;
}

/**
 * Why a partial reply cannot be what was asked for — the node ignored a filter (a backoff list
 * with a queue in normal mode, a top-N list longer than N or not sorted by recipients, a list
 * capped below the node's own count) — or null when it looks right. The HTTP spellings of these
 * filters are unconfirmed in 5.x (powermta-api.md §2), so the reply is checked, never trusted.
 */
export function partialProblem(kind: PartialKind, c: QueueColumns, topN: number): string | null {
  const names = () => splitColumn(c.names, c.count);
  if (kind === 'top') {
    if (c.count > topN) return `the top-${topN} list came back with ${c.count} queues (maxitems ignored)`;
    for (let j = 1; j < c.count; j++) {
      if (c.rcp[j]! > c.rcp[j - 1]!) return `the top-${topN} list is not sorted by recipients at ${names()[j]} (sort=rcpt ignored)`;
    }
    if (c.count < topN && c.totalQueuesWithRcp !== null && c.count < c.totalQueuesWithRcp) {
      return `the top-${topN} list has ${c.count} of ${c.totalQueuesWithRcp} queues with recipients (maxitems ignored)`;
    }
    return null;
  }
  const need = kind === 'backoff' ? FLAG_MODE_KNOWN | FLAG_BACKOFF : FLAG_PAUSED_KNOWN | FLAG_PAUSED;
  const filter = kind === 'backoff' ? 'mode=backoff' : 'paused=yes';
  for (let j = 0; j < c.count; j++) {
    if ((c.flags[j]! & need) !== need)
      return `the ${filter} list includes ${names()[j]}, which is not ${kind === 'backoff' ? 'in backoff' : 'paused'} (filter ignored)`;
  }
  // Not compared with `totalQueuesWithRcp`: whether a filtered reply counts its matches (as the
  // simulator does) or the whole node is not documented. A node that ignores maxitems caps its
  // full list too, which the truncation check reports (lib/fleet/list-truncation.ts).
  return null;
}

function interned(joined: string): Interned {
  const list = joined ? joined.split('\n') : [];
  return { list, ids: new Map(list.map((s, i) => [s, i])) };
}

function idOf(t: Interned, s: string, added: string[]): number {
  let id = t.ids.get(s);
  if (id === undefined) {
    id = t.list.length + added.length;
    t.ids.set(s, id);
    added.push(s);
  }
  return id;
}

/** `joined` ("\n"-joined, `before` entries) with `extra` appended. */
function appendJoined(joined: string, before: number, extra: readonly string[]): string {
  if (!extra.length) return joined;
  return before === 0 ? extra.join('\n') : `${joined}\n${extra.join('\n')}`;
}

/**
 * The base with the partial lists of one poll (fetched at `at`) merged in; it becomes the base
 * of the next merge. The lookups (names, retry times, name index, domain and vMTA ids) are
 * taken over from `base` and patched in place, so `base` must not be merged into again.
 */
export function mergePartials(base: MergeBase, parts: readonly PartialList[], at: number): MergeBase {
  const b = base.columns;
  const names = base.names ?? splitColumn(b.names, b.count);
  const index = base.index ?? new Map(names.map((s, i) => [s, i]));
  // Result row → [part, row in that part]; later parts win (the same moment, the same values).
  const updates = new Map<number, [number, number]>();
  const addedNames: string[] = [];
  const partNames = parts.map((p) => splitColumn(p.columns.names, p.columns.count));
  parts.forEach((_, k) => {
    const pn = partNames[k]!;
    for (let j = 0; j < pn.length; j++) {
      let i = index.get(pn[j]!);
      if (i === undefined) {
        i = names.length + addedNames.length;
        index.set(pn[j]!, i);
        addedNames.push(pn[j]!);
      }
      updates.set(i, [k, j]);
    }
  });

  const n = b.count + addedNames.length;
  const copy = <T extends Float64Array | Uint32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
    const out = make(n);
    out.set(a);
    return out;
  };
  const rcp = copy(b.rcp, (m) => new Float64Array(m));
  const kb = copy(b.kb, (m) => new Float64Array(m));
  const conn = copy(b.conn, (m) => new Float64Array(m));
  const flags = copy(b.flags, (m) => new Uint8Array(m));
  const domainOf = copy(b.domainOf, (m) => new Uint32Array(m));
  const vmtaOf = copy(b.vmtaOf, (m) => new Uint32Array(m));
  const seenAt = new Float64Array(n);
  if (b.seenAt) seenAt.set(b.seenAt);
  else seenAt.fill(base.fullAt, 0, b.count);

  // Backoff and paused as the node states them now, for rows no partial list brought.
  let stale = 0;
  for (const p of parts) stale |= p.kind === 'backoff' ? FLAG_BACKOFF : p.kind === 'paused' ? FLAG_PAUSED : 0;
  if (stale) for (let i = 0; i < b.count; i++) if (flags[i]! & stale && !updates.has(i)) flags[i]! &= ~stale;

  const retry = base.retry ?? splitColumn(b.retryTimes, b.count);
  const domains = addedNames.length ? (base.domains ?? interned(b.domains)) : base.domains;
  const vmtas = addedNames.length ? (base.vmtas ?? interned(b.vmtas)) : base.vmtas;
  const addedDomains: string[] = [];
  const addedVmtas: string[] = [];
  const partLists = parts.map((p) => ({
    retry: splitColumn(p.columns.retryTimes, p.columns.count),
    domains: addedNames.length ? (p.columns.domains ? p.columns.domains.split('\n') : []) : [],
    vmtas: addedNames.length ? (p.columns.vmtas ? p.columns.vmtas.split('\n') : []) : [],
    events: new Map(p.columns.events.map((e) => [e.row, e.events])),
  }));
  const events: { row: number; events: QueueEvent[] }[] = b.events.filter((e) => !updates.has(e.row));
  for (const [i, [k, j]] of updates) {
    const c = parts[k]!.columns;
    const l = partLists[k]!;
    rcp[i] = c.rcp[j]!;
    kb[i] = c.kb[j]!;
    conn[i] = c.conn[j]!;
    flags[i] = c.flags[j]!;
    seenAt[i] = at;
    retry[i] = l.retry[j]!;
    if (i >= b.count) {
      domainOf[i] = idOf(domains!, l.domains[c.domainOf[j]!]!, addedDomains);
      vmtaOf[i] = idOf(vmtas!, l.vmtas[c.vmtaOf[j]!]!, addedVmtas);
    }
    const evs = l.events.get(j);
    if (evs) events.push({ row: i, events: evs });
  }
  events.sort((x, y) => x.row - y.row);

  const domainCount = domains ? domains.list.length : 0;
  const vmtaCount = vmtas ? vmtas.list.length : 0;
  if (domains && addedDomains.length) domains.list.push(...addedDomains);
  if (vmtas && addedVmtas.length) vmtas.list.push(...addedVmtas);
  const columns: QueueColumns = {
    count: n,
    names: appendJoined(b.names, b.count, addedNames),
    retryTimes: retry.join('\n'),
    rcp,
    kb,
    conn,
    flags,
    domainOf,
    domains: appendJoined(b.domains, domainCount, addedDomains),
    vmtaOf,
    vmtas: appendJoined(b.vmtas, vmtaCount, addedVmtas),
    events,
    totalRcp: b.totalRcp,
    totalQueuesWithRcp: b.totalQueuesWithRcp,
    truncated: b.truncated,
    seenAt,
  };
  if (addedNames.length) names.push(...addedNames);
  return { columns, fullAt: base.fullAt, names, retry, index, domains, vmtas };
}
