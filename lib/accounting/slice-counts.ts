// What one ingested slice adds to the accounting store, gathered record by record while a file
// is parsed (pure: no I/O, no server-only marker, so the ingest parse worker can build it too).
// `AcctStoreWriter.commit` writes it in one transaction with the file's resume point.
import { classifyBounceCategory } from './bounce-class';
import { createAggregator, emptyCounts, type AggRow } from './aggregate';
import { detached, detachedOrNull as d } from './detach';
import { classifyDiagnostic, type ProviderSignature } from './provider-signature';
import { nullProto } from '@/lib/null-proto';
import type { AcctRecord } from './records';

export const BUCKET_MS = 60_000;

/**
 * The columns counting reads (aggregate keys and counts, per-IP rows, diagnostics, learned
 * IP → vMTA pairs): the ingester's CSV scan copies only these (`createAcctParser({ keepColumns })`).
 */
export const COUNTED_COLUMNS = [
  'timeLogged',
  'vmta',
  'queue',
  'rcpt',
  'jobId',
  'bounceCat',
  'dsnStatus',
  'dsnDiag',
  'dsnMta',
  'dlvSourceIp',
  'feedbackType',
  'reportedDomain',
] as const;
export const HOUR_MS = 3_600_000;

export interface SourceIpRow {
  bucket: number;
  ip: string;
  vmta: string;
  domain: string;
  delivered: number;
  hard: number;
  soft: number;
  custom: number;
  unknown: number;
  transient: number;
}

export type Diagnosed = Pick<AcctRecord, 'type' | 'timeLogged' | 'domain' | 'vmta' | 'jobId' | 'bounceCat' | 'dsnStatus' | 'dsnDiag' | 'dsnMta'> & {
  /** The diagnostic's signature when already classified (by a parse worker). */
  sig?: ProviderSignature;
};

/** What the writer reads of a slice's counts (a live `SliceCounts` or one rebuilt from a worker). */
export interface CountedSlice {
  readonly node: string;
  readonly records: number;
  readonly lastAt: number | null;
  /** IP → vMTA pairs learned from d/b records of this slice. */
  readonly learned: ReadonlyMap<string, string>;
  rows(): AggRow[];
  /** `rows()` rolled up per hour (the `_h` tables). */
  hourRows(): AggRow[];
  sourceIpRows(): Iterable<SourceIpRow>;
  diagnostics(): readonly Diagnosed[];
}

/**
 * A slice's counts as plain data for a worker's `postMessage`. The count maps of `AggRow`
 * (categories, reported domains, feedback types: file data) travel as entry lists, because the
 * structured clone would give the null-prototype objects back a prototype.
 */
export interface SliceCountsData {
  node: string;
  records: number;
  lastAt: number | null;
  learned: [string, string][];
  rows: WireAggRow[];
  sourceIps: SourceIpRow[];
  diagnostics: Diagnosed[];
}

type WireAggRow = Omit<AggRow, 'bouncesByCat' | 'remoteBouncesByCat' | 'fblBy'> & {
  bouncesByCat: [string, number][];
  remoteBouncesByCat: [string, number][];
  fblBy: [string, [string, number][]][];
};

/**
 * Counts record by record: minute aggregates, d, b and t records per hour and sending IP
 * (deliveries, bounces and deferrals by source IP), the newest diagnostics (only the newest
 * `keepDiagnostics` survive the store's prune, so only those are kept), IP → vMTA pairs
 * learned, and the node counters. Records are added in file order, which the FBL vMTA
 * mapping relies on. `ips` is the node's known IP → vMTA map; learned pairs are set in it.
 */
export class SliceCounts implements CountedSlice {
  records = 0;
  lastAt: number | null = null;
  readonly learned = new Map<string, string>();
  private readonly agg;
  /** bucket → ip → vmta → domain → row (nested Maps: no joined key string per record). */
  private readonly srcIp = new Map<number, Map<string, Map<string, Map<string, SourceIpRow>>>>();
  /** The same rows in the order they were first seen. */
  private readonly srcIpRows: SourceIpRow[] = [];
  private diags: Diagnosed[] = [];
  /** `agg.liveRows()` since the last add (the minute rows are read twice: as such and per hour). */
  private sorted: AggRow[] | null = null;

  constructor(
    readonly node: string,
    private readonly ips: Map<string, string>,
    private readonly keepDiagnostics: number,
  ) {
    this.agg = createAggregator({ bucketMs: BUCKET_MS, node });
  }

  add(records: readonly AcctRecord[]): void {
    const ips = this.ips;
    this.sorted = null;
    for (const r of records) {
      if (this.lastAt === null || r.timeLogged > this.lastAt) this.lastAt = r.timeLogged;
      if (r.vmta && r.dlvSourceIp && (r.type === 'd' || r.type === 'b') && ips.get(r.dlvSourceIp) !== r.vmta) {
        const [ip, vmta] = [detached(r.dlvSourceIp), detached(r.vmta)];
        ips.set(ip, vmta);
        this.learned.set(ip, vmta);
      } else if (!r.vmta && r.type === 'f' && r.dlvSourceIp) {
        // FBL reports carry the sending IP, not the vMTA; map it back through what deliveries
        // from that IP said, so complaint rates per vMTA work.
        r.vmta = ips.get(r.dlvSourceIp) ?? null;
      }
      this.agg.add(r);
      if ((r.type === 'd' || r.type === 'b' || r.type === 't') && r.dlvSourceIp) this.addSourceIp(r);
      if (r.type === 'b' || r.type === 'rb') {
        // Only the fields a diagnostic row stores, none of them a view of the piece's text (./detach.ts).
        const { type, timeLogged } = r;
        this.diags.push({
          type,
          timeLogged,
          domain: d(r.domain),
          vmta: d(r.vmta),
          jobId: d(r.jobId),
          bounceCat: d(r.bounceCat),
          dsnStatus: d(r.dsnStatus),
          dsnDiag: d(r.dsnDiag),
          dsnMta: d(r.dsnMta),
        });
        if (this.diags.length > 2 * this.keepDiagnostics + 64) this.diags = this.diags.slice(-this.keepDiagnostics);
      }
    }
    this.records += records.length;
  }

  rows(): AggRow[] {
    return this.live().slice();
  }

  hourRows(): AggRow[] {
    return hourly(this.live());
  }

  sourceIpRows(): Iterable<SourceIpRow> {
    return this.srcIpRows;
  }

  /** The newest diagnostics, oldest first (as many as the store keeps). */
  diagnostics(): readonly Diagnosed[] {
    return this.diags.length > this.keepDiagnostics ? this.diags.slice(-this.keepDiagnostics) : this.diags;
  }

  /**
   * The counts as plain data, with the diagnostics' signatures worked out (a worker does that
   * work, not the writer's thread); only the fields a diagnostic row stores are kept of its
   * record. The hour rows are not sent: `countsFromData` rolls them up from the minute rows.
   */
  toData(): SliceCountsData {
    const rows = this.live();
    return {
      node: this.node,
      records: this.records,
      lastAt: this.lastAt,
      learned: [...this.learned],
      rows: rows.map(toWire),
      sourceIps: this.srcIpRows,
      diagnostics: this.diagnostics().map((r) => ({
        type: r.type,
        timeLogged: r.timeLogged,
        domain: r.domain,
        vmta: r.vmta,
        jobId: r.jobId,
        bounceCat: r.bounceCat,
        dsnStatus: r.dsnStatus,
        dsnDiag: r.dsnDiag,
        dsnMta: r.dsnMta,
        sig: classifyDiagnostic(r.dsnDiag ?? r.dsnStatus, r.domain ?? r.dsnMta),
      })),
    };
  }

  /** The aggregator's rows, sorted; they are its own (toData and hourly only read them). */
  private live(): AggRow[] {
    return (this.sorted ??= this.agg.liveRows());
  }

  private addSourceIp(r: AcctRecord): void {
    const bucket = Math.floor(r.timeLogged / HOUR_MS) * HOUR_MS;
    let ip = r.dlvSourceIp as string;
    let vmta = r.vmta ?? '';
    let domain = r.domain ?? '';
    let byIp = this.srcIp.get(bucket);
    if (!byIp) this.srcIp.set(bucket, (byIp = new Map()));
    let byVmta = byIp.get(ip);
    let byDomain = byVmta?.get(vmta);
    let row = byDomain?.get(domain);
    if (!row) {
      // Kept until the slice is committed: not as views of this piece's text (./detach.ts).
      [ip, vmta, domain] = [detached(ip), detached(vmta), detached(domain)];
      if (!byVmta) byIp.set(ip, (byVmta = new Map()));
      if (!byDomain) byVmta.set(vmta, (byDomain = new Map()));
      byDomain.set(domain, (row = { bucket, ip, vmta, domain, delivered: 0, hard: 0, soft: 0, custom: 0, unknown: 0, transient: 0 }));
      this.srcIpRows.push(row);
    }
    if (r.type === 'd') row.delivered++;
    else if (r.type === 't') row.transient++;
    else row[classifyBounceCategory(r.bounceCat)]++;
  }
}

/** Counts received from a worker, readable by the writer like a live `SliceCounts`. */
export function countsFromData(d: SliceCountsData): CountedSlice {
  const rows = d.rows.map(fromWire);
  // The hour rows are rolled up here, by the writer's thread, which has time to spare while the
  // worker parses the next read (and the wire carries only the minute rows).
  let hours: AggRow[] | null = null;
  return {
    node: d.node,
    records: d.records,
    lastAt: d.lastAt,
    learned: new Map(d.learned),
    rows: () => rows,
    hourRows: () => (hours ??= hourly(rows)),
    sourceIpRows: () => d.sourceIps,
    diagnostics: () => d.diagnostics,
  };
}

// Written out, not spread: a row is copied for every minute and hour row of every slice, and
// the maps only have entries when their counter is non-zero (most rows: deliveries only).
function toWire(r: AggRow): WireAggRow {
  const b = r.bounces;
  return {
    bucketStart: r.bucketStart,
    node: r.node,
    vmta: r.vmta,
    domain: r.domain,
    jobId: r.jobId,
    delivered: r.delivered,
    bounces: { hard: b.hard, soft: b.soft, custom: b.custom, unknown: b.unknown },
    bouncesByCat: b.hard + b.soft + b.custom + b.unknown > 0 ? Object.entries(r.bouncesByCat) : [],
    transient: r.transient,
    transientQueue: r.transientQueue,
    remoteBounces: r.remoteBounces,
    remoteBouncesByCat: r.remoteBounces > 0 ? Object.entries(r.remoteBouncesByCat) : [],
    remoteStatus: r.remoteStatus,
    received: r.received,
    fbl: r.fbl,
    fblBy: r.fbl > 0 ? Object.entries(r.fblBy).map(([d, byType]) => [d, Object.entries(byType)]) : [],
  };
}

function fromWire(r: WireAggRow): AggRow {
  const fblBy = nullProto<Record<string, number>>();
  for (const [dom, types] of r.fblBy) fblBy[dom] = fromEntries(types);
  return {
    bucketStart: r.bucketStart,
    node: r.node,
    vmta: r.vmta,
    domain: r.domain,
    jobId: r.jobId,
    delivered: r.delivered,
    bounces: r.bounces,
    bouncesByCat: fromEntries(r.bouncesByCat),
    transient: r.transient,
    transientQueue: r.transientQueue,
    remoteBounces: r.remoteBounces,
    remoteBouncesByCat: fromEntries(r.remoteBouncesByCat),
    remoteStatus: r.remoteStatus,
    received: r.received,
    fbl: r.fbl,
    fblBy,
  };
}

/** Minute rows merged into hour rows (same key otherwise); each hour row is built once. */
export function hourly(rows: readonly AggRow[]): AggRow[] {
  // hour → vmta → domain → job, as the aggregator keys its rows (the key strings are hashed already).
  const byHour = new Map<number, Map<string, Map<string, Map<string, AggRow>>>>();
  const out: AggRow[] = [];
  for (const r of rows) {
    const bucketStart = Math.floor(r.bucketStart / HOUR_MS) * HOUR_MS;
    let byVmta = byHour.get(bucketStart);
    if (!byVmta) byHour.set(bucketStart, (byVmta = new Map()));
    let byDomain = byVmta.get(r.vmta);
    if (!byDomain) byVmta.set(r.vmta, (byDomain = new Map()));
    let byJob = byDomain.get(r.domain);
    if (!byJob) byDomain.set(r.domain, (byJob = new Map()));
    let h = byJob.get(r.jobId);
    if (!h) {
      byJob.set(r.jobId, (h = { bucketStart, node: r.node, vmta: r.vmta, domain: r.domain, jobId: r.jobId, ...emptyCounts() }));
      out.push(h);
    }
    addCounts(h, r);
  }
  return out;
}

/** Adds `b`'s counts into `a` in place (`a`'s maps are null-prototype, so any key is own). */
function addCounts(a: AggRow, b: AggRow): void {
  a.delivered += b.delivered;
  a.bounces.hard += b.bounces.hard;
  a.bounces.soft += b.bounces.soft;
  a.bounces.custom += b.bounces.custom;
  a.bounces.unknown += b.bounces.unknown;
  if (b.bounces.hard + b.bounces.soft + b.bounces.custom + b.bounces.unknown > 0)
    for (const [k, n] of Object.entries(b.bouncesByCat)) a.bouncesByCat[k] = (a.bouncesByCat[k] ?? 0) + n;
  a.transient += b.transient;
  a.transientQueue += b.transientQueue;
  a.remoteBounces += b.remoteBounces;
  if (b.remoteBounces > 0) for (const [k, n] of Object.entries(b.remoteBouncesByCat)) a.remoteBouncesByCat[k] = (a.remoteBouncesByCat[k] ?? 0) + n;
  a.remoteStatus += b.remoteStatus;
  a.received += b.received;
  a.fbl += b.fbl;
  // The maps only have entries when their counters do (most rows are deliveries only).
  if (b.fbl > 0)
    for (const [d, byType] of Object.entries(b.fblBy)) {
      const into = (a.fblBy[d] ??= nullProto<number>());
      for (const [k, n] of Object.entries(byType)) into[k] = (into[k] ?? 0) + n;
    }
}

function fromEntries(entries: [string, number][]): Record<string, number> {
  const out = nullProto<number>();
  // `out` has no prototype, so even a key `__proto__` is an own property here.
  for (const [k, n] of entries) out[k] = n;
  return out;
}
