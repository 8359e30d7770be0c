// Pure roll-ups of accounting records into time buckets keyed by (bucket, node, vmta, domain,
// jobId), so the storage layer can persist small aggregate rows instead of raw records.
// Missing key parts are '' (not null) so keys compare and index simply in SQL.

import { classifyBounceCategory } from './bounce-class';
import { detached } from './detach';
import { nullProto } from '@/lib/null-proto';
import type { AcctRecord } from './records';

export interface AggKey {
  /** Epoch ms, a multiple of the bucket size. */
  bucketStart: number;
  node: string;
  vmta: string;
  domain: string;
  jobId: string;
}

export interface AggCounts {
  delivered: number;
  /** `b` records by bounce class. */
  bounces: { hard: number; soft: number; custom: number; unknown: number };
  /** `b` records by category (empty category as ''). */
  bouncesByCat: Record<string, number>;
  transient: number;
  transientQueue: number;
  remoteBounces: number;
  remoteBouncesByCat: Record<string, number>;
  remoteStatus: number;
  received: number;
  fbl: number;
  /** `f` records: reportedDomain → feedbackType → count ('' when absent). */
  fblBy: Record<string, Record<string, number>>;
}

export interface AggRow extends AggKey, AggCounts {}

export interface AggregateOptions {
  /** Bucket width in ms, e.g. 60_000. */
  bucketMs: number;
  /** Node (PowerMTA host) the records came from; '' when not tracked. */
  node?: string;
}

export interface Aggregator {
  add(record: AcctRecord): void;
  addAll(records: Iterable<AcctRecord>): void;
  /** Rows sorted by bucket, then vmta, domain, jobId. */
  rows(): AggRow[];
  /** `rows()` without copying them: the aggregator's own rows, which later adds change. */
  liveRows(): AggRow[];
  clear(): void;
}

export function emptyCounts(): AggCounts {
  return {
    delivered: 0,
    bounces: { hard: 0, soft: 0, custom: 0, unknown: 0 },
    // Keyed by file data (categories, reported domains, feedback types): no prototype.
    bouncesByCat: nullProto(),
    transient: 0,
    transientQueue: 0,
    remoteBounces: 0,
    remoteBouncesByCat: nullProto(),
    remoteStatus: 0,
    received: 0,
    fbl: 0,
    fblBy: nullProto(),
  };
}

export function createAggregator(opts: AggregateOptions): Aggregator {
  if (!(opts.bucketMs > 0)) throw new RangeError('bucketMs must be positive');
  const node = opts.node ?? '';
  // bucket → vmta → domain → jobId → row: nested Maps find a row without building (and
  // hashing) a joined key string per record.
  const rows = new Map<number, Map<string, Map<string, Map<string, AggRow>>>>();

  function rowFor(r: AcctRecord): AggRow {
    const bucketStart = Math.floor(r.timeLogged / opts.bucketMs) * opts.bucketMs;
    const vmta = r.vmta ?? '';
    const domain = r.domain ?? '';
    const jobId = r.jobId ?? '';
    let byVmta = rows.get(bucketStart);
    if (!byVmta) rows.set(bucketStart, (byVmta = new Map()));
    let byDomain = byVmta.get(vmta);
    let byJob = byDomain?.get(domain);
    let row = byJob?.get(jobId);
    if (!row) {
      // Kept until the slice is committed: not as views of this piece's text (./detach.ts).
      row = { bucketStart, node, vmta: detached(vmta), domain: detached(domain), jobId: detached(jobId), ...emptyCounts() };
      if (!byDomain) byVmta.set(row.vmta, (byDomain = new Map()));
      if (!byJob) byDomain.set(row.domain, (byJob = new Map()));
      byJob.set(row.jobId, row);
    }
    return row;
  }

  function live(): AggRow[] {
    const out: AggRow[] = [];
    for (const byVmta of rows.values())
      for (const byDomain of byVmta.values()) for (const byJob of byDomain.values()) for (const r of byJob.values()) out.push(r);
    return out.sort(compareRows);
  }

  function add(r: AcctRecord): void {
    const row = rowFor(r);
    switch (r.type) {
      case 'd':
        row.delivered++;
        break;
      case 'b':
        row.bounces[classifyBounceCategory(r.bounceCat)]++;
        bump(row.bouncesByCat, r.bounceCat ?? '');
        break;
      case 't':
        row.transient++;
        break;
      case 'tq':
        row.transientQueue++;
        break;
      case 'rb':
        row.remoteBounces++;
        bump(row.remoteBouncesByCat, r.bounceCat ?? '');
        break;
      case 'rs':
        row.remoteStatus++;
        break;
      case 'r':
        row.received++;
        break;
      case 'f': {
        row.fbl++;
        const d = r.reportedDomain ?? '';
        bump((row.fblBy[d] ??= nullProto()), r.feedbackType ?? '');
        break;
      }
    }
  }

  return {
    add,
    addAll(records) {
      for (const r of records) add(r);
    },
    rows() {
      return live().map(cloneRow);
    },
    liveRows: live,
    clear() {
      rows.clear();
    },
  };
}

export function aggregateRecords(records: Iterable<AcctRecord>, opts: AggregateOptions): AggRow[] {
  const agg = createAggregator(opts);
  agg.addAll(records);
  return agg.rows();
}

/** Adds `b` into `a` (same key assumed); for merging a fresh batch into a persisted row. */
export function mergeCounts(a: AggCounts, b: AggCounts): AggCounts {
  const out = cloneCounts(a);
  out.delivered += b.delivered;
  for (const k of ['hard', 'soft', 'custom', 'unknown'] as const) out.bounces[k] += b.bounces[k];
  addInto(out.bouncesByCat, b.bouncesByCat);
  out.transient += b.transient;
  out.transientQueue += b.transientQueue;
  out.remoteBounces += b.remoteBounces;
  addInto(out.remoteBouncesByCat, b.remoteBouncesByCat);
  out.remoteStatus += b.remoteStatus;
  out.received += b.received;
  out.fbl += b.fbl;
  for (const [d, byType] of Object.entries(b.fblBy)) addInto((out.fblBy[d] ??= nullProto()), byType);
  return out;
}

// `m` is always a null-prototype object, so any key (even `__proto__`) is an own property.
function bump(m: Record<string, number>, k: string): void {
  m[k] = (m[k] ?? 0) + 1;
}

function addInto(m: Record<string, number>, from: Record<string, number>): void {
  for (const [k, n] of Object.entries(from)) m[k] = (m[k] ?? 0) + n;
}

function copyInto(from: Record<string, number>): Record<string, number> {
  const out = nullProto<number>();
  addInto(out, from);
  return out;
}

// Not structuredClone: it would give the maps back their Object prototype.
function cloneCounts(c: AggCounts): AggCounts {
  const fblBy = nullProto<Record<string, number>>();
  for (const [d, byType] of Object.entries(c.fblBy)) fblBy[d] = copyInto(byType);
  return { ...c, bounces: { ...c.bounces }, bouncesByCat: copyInto(c.bouncesByCat), remoteBouncesByCat: copyInto(c.remoteBouncesByCat), fblBy };
}

function cloneRow(r: AggRow): AggRow {
  return { ...r, ...cloneCounts(r) };
}

function compareRows(a: AggRow, b: AggRow): number {
  return a.bucketStart - b.bucketStart || cmp(a.vmta, b.vmta) || cmp(a.domain, b.domain) || cmp(a.jobId, b.jobId);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
