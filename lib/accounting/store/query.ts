import 'server-only';
// Read side of the accounting store: sums over the minute aggregates for a filter, on either
// backend (./acct-db.ts runs the same SQL on SQLite and PostgreSQL).
import { BOUNCE_CATEGORIES, classifyBounceCategory } from '@/lib/accounting';
import { nullProto } from '@/lib/null-proto';
import { all, concatAgg, get, run, type AcctDb, type Arg } from './acct-db';
import type { BounceFilter, BounceTotals, CategoryCount, DiagnosticGroup, FblDomain, FblPoint, GroupRow, RateFlags, SourceIpRow, Thresholds } from './types';

/** WHERE clause over the aggregate key columns (`at` instead of `bucket` for diagnostics). */
export function whereFor(f: BounceFilter, time = 'bucket'): { sql: string; args: Arg[] } {
  const c: string[] = [];
  const args: Arg[] = [];
  const add = (cond: string, v: Arg) => {
    c.push(cond);
    args.push(v);
  };
  // Buckets are minute starts: a bucket belongs to [from, to) if it starts inside it.
  if (f.from !== undefined) add(`${time} >= ?`, f.from);
  if (f.to !== undefined) add(`${time} < ?`, f.to);
  for (const k of ['node', 'domain', 'vmta', 'job'] as const) {
    const v = f[k];
    if (v !== undefined) add(`${k} = ?`, v);
  }
  return { sql: c.length ? `WHERE ${c.join(' AND ')}` : '', args };
}

const HOUR = 3_600_000;

/**
 * The rows of one aggregate table for a filter, as a FROM source: whole hours inside the range
 * come from the hourly rollup (`<table>_h`), only the partial hours at its edges from the
 * minute table, so a week costs about as much as an hour and stays exact to the minute.
 * An edge older than the oldest minute row kept (see pruneMinuteRows) widens to its whole hour.
 */
export async function sourceFor(db: AcctDb, table: 'acct_agg' | 'acct_cat' | 'acct_fbl', f: BounceFilter): Promise<{ sql: string; args: Arg[] }> {
  const oldest = (await get<{ m: number | null }>(db, `SELECT min(bucket) AS m FROM ${table}`))?.m ?? Infinity;
  let h1 = f.from === undefined ? -Infinity : Math.ceil(f.from / HOUR) * HOUR;
  let h2 = f.to === undefined ? Infinity : Math.floor(f.to / HOUR) * HOUR;
  if (f.from !== undefined && f.from < oldest) h1 = Math.floor(f.from / HOUR) * HOUR;
  if (f.to !== undefined && f.to <= oldest) h2 = Math.ceil(f.to / HOUR) * HOUR;
  const parts: { t: string; from?: number; to?: number }[] = [];
  if (h1 >= h2) parts.push({ t: table, from: f.from, to: f.to });
  else {
    if (f.from !== undefined && f.from < h1) parts.push({ t: table, from: f.from, to: h1 });
    parts.push({ t: `${table}_h`, from: Number.isFinite(h1) ? h1 : undefined, to: Number.isFinite(h2) ? h2 : undefined });
    if (f.to !== undefined && h2 < f.to) parts.push({ t: table, from: h2, to: f.to });
  }
  const args: Arg[] = [];
  const sql = parts
    .map((p) => {
      const w = whereFor({ ...f, from: p.from, to: p.to });
      args.push(...w.args);
      return `SELECT * FROM ${p.t} ${w.sql}`;
    })
    .join(' UNION ALL ');
  return { sql: `(${sql}) AS src`, args };
}

/**
 * Deletes minute rows older than `cutoff` (hourly rollups stay), an hour at a time so the
 * writer is never blocked for long. Returns the rows deleted.
 */
export async function pruneMinuteRows(db: AcctDb, cutoff: number, hourCutoff: number | null = null): Promise<number> {
  let n = 0;
  for (const t of ['acct_agg', 'acct_cat', 'acct_fbl']) {
    const oldest = async () => (await get<{ m: number | null }>(db, `SELECT min(bucket) AS m FROM ${t}`))?.m ?? null;
    for (let o = await oldest(); o !== null && o < cutoff; o = await oldest()) {
      n += await run(db, `DELETE FROM ${t} WHERE bucket < ?`, [Math.min(cutoff, Math.floor(o / HOUR) * HOUR + HOUR)]);
    }
    if (hourCutoff !== null) n += await run(db, `DELETE FROM ${t}_h WHERE bucket < ?`, [hourCutoff]);
  }
  if (hourCutoff !== null) n += await run(db, 'DELETE FROM acct_src_ip_h WHERE bucket < ?', [hourCutoff]);
  return n;
}

/** Forgets counted webhook batches older than `before` (PowerMTA stops re-posting long before). */
export function pruneWebhookBatches(db: AcctDb, before: number): Promise<number> {
  return run(db, 'DELETE FROM acct_webhook_batch WHERE at < ?', [before]);
}

/**
 * Deliveries and bounces per sending IP (`dlvSourceIp`), busiest first. Kept hourly only: the
 * range widens to whole hours, and the job filter does not apply (not a dimension here).
 */
export async function queryBySourceIp(db: AcctDb, f: BounceFilter, limit = 50): Promise<SourceIpRow[]> {
  const w = whereFor({
    node: f.node,
    domain: f.domain,
    vmta: f.vmta,
    from: f.from === undefined ? undefined : Math.floor(f.from / HOUR) * HOUR,
    to: f.to === undefined ? undefined : Math.ceil(f.to / HOUR) * HOUR,
  });
  const rows = await all<Omit<SourceIpRow, 'bounces'>>(
    db,
    `SELECT ip, sum(delivered) AS delivered, sum(hard) AS hard, sum(soft) AS soft, sum(custom) AS custom, sum(unknown) AS unknown
     FROM acct_src_ip_h ${w.sql} GROUP BY ip ORDER BY sum(hard + soft + custom + unknown) DESC, sum(delivered) DESC, ip LIMIT ?`,
    [...w.args, limit],
  );
  return rows.map((r) => ({ ...r, bounces: r.hard + r.soft + r.custom + r.unknown }));
}

const SUMS = `coalesce(sum(delivered),0) AS delivered, coalesce(sum(hard),0) AS hard, coalesce(sum(soft),0) AS soft,
  coalesce(sum(custom),0) AS custom, coalesce(sum(unknown),0) AS unknown, coalesce(sum(transient),0) AS transient,
  coalesce(sum(tq),0) AS tq, coalesce(sum(rb),0) AS rb, coalesce(sum(rs),0) AS rs, coalesce(sum(fbl),0) AS fbl`;

interface SumRow {
  delivered: number;
  hard: number;
  soft: number;
  custom: number;
  unknown: number;
  transient: number;
  tq: number;
  rb: number;
  rs: number;
  fbl: number;
}

export function rates(delivered: number, bounces: number, remoteBounces: number, fbl: number, t: Thresholds): RateFlags {
  const attempts = delivered + bounces;
  const bounceRate = attempts > 0 ? (bounces + remoteBounces) / attempts : null;
  const complaintRate = delivered > 0 ? fbl / delivered : null;
  const enough = delivered >= t.minDelivered && delivered > 0;
  return {
    bounceRate,
    complaintRate,
    bounceWarn: enough && bounceRate !== null && bounceRate * 100 > t.bounceRatePct,
    complaintWarn: enough && complaintRate !== null && complaintRate * 100 > t.complaintRatePct,
  };
}

function toTotals(r: SumRow): BounceTotals {
  const bounces = r.hard + r.soft + r.custom + r.unknown;
  return {
    delivered: r.delivered,
    bounces,
    hard: r.hard,
    soft: r.soft,
    custom: r.custom,
    unknown: r.unknown,
    transient: r.transient,
    tq: r.tq,
    remoteBounces: r.rb,
    remoteStatus: r.rs,
    fbl: r.fbl,
  };
}

export async function queryTotals(db: AcctDb, f: BounceFilter, t: Thresholds): Promise<BounceTotals & RateFlags> {
  const w = await sourceFor(db, 'acct_agg', f);
  const tot = toTotals((await get<SumRow>(db, `SELECT ${SUMS} FROM ${w.sql}`, w.args)) as SumRow);
  return { ...tot, ...rates(tot.delivered, tot.bounces, tot.remoteBounces, tot.fbl, t) };
}

/** All 17 built-in categories (zeros included, so the chart's axis is stable), then custom ones. */
export async function queryCategories(db: AcctDb, f: BounceFilter): Promise<CategoryCount[]> {
  const w = await sourceFor(db, 'acct_cat', f);
  const rows = await all<{ kind: string; category: string; n: number }>(db, `SELECT kind, category, sum(n) AS n FROM ${w.sql} GROUP BY kind, category`, w.args);
  const out = new Map<string, CategoryCount>(
    BOUNCE_CATEGORIES.map((c) => [c, { category: c, class: classifyBounceCategory(c), bounces: 0, remoteBounces: 0 }]),
  );
  for (const r of rows) {
    let c = out.get(r.category);
    if (!c) out.set(r.category, (c = { category: r.category, class: classifyBounceCategory(r.category), bounces: 0, remoteBounces: 0 }));
    if (r.kind === 'b') c.bounces += r.n;
    else c.remoteBounces += r.n;
  }
  return [...out.values()];
}

/** Totals grouped by domain, vmta, node or job, ordered by bounces. */
export async function queryGroups(db: AcctDb, f: BounceFilter, by: 'domain' | 'vmta' | 'node' | 'job', t: Thresholds, limit = 1000): Promise<GroupRow[]> {
  const w = await sourceFor(db, 'acct_agg', f);
  const rows = await all<SumRow & { key: string }>(
    db,
    `SELECT ${by} AS key, ${SUMS} FROM ${w.sql} GROUP BY ${by} ORDER BY (sum(hard)+sum(soft)+sum(custom)+sum(unknown)+sum(rb)) DESC, sum(fbl) DESC, key LIMIT ?`,
    [...w.args, limit],
  );
  return rows.map((r) => {
    const tot = toTotals(r);
    return {
      key: r.key,
      delivered: tot.delivered,
      bounces: tot.bounces,
      hard: tot.hard,
      soft: tot.soft,
      remoteBounces: tot.remoteBounces,
      fbl: tot.fbl,
      ...rates(tot.delivered, tot.bounces, tot.remoteBounces, tot.fbl, t),
    };
  });
}

/** Complaints per time bucket (`bucketMs` a multiple of a minute) and feedback type. */
export async function queryFblOverTime(db: AcctDb, f: BounceFilter, bucketMs: number): Promise<FblPoint[]> {
  // Buckets under an hour need minute rows; an hourly chart can read the rollup.
  const w = bucketMs % HOUR === 0 ? await sourceFor(db, 'acct_fbl', f) : (({ sql, args }) => ({ sql: `acct_fbl ${sql}`, args }))(whereFor(f));
  const rows = await all<{ t: number; ft: string; n: number }>(
    db,
    `SELECT (bucket / ${bucketDiv(bucketMs)}) * ${bucketDiv(bucketMs)} AS t, feedback_type AS ft, sum(n) AS n FROM ${w.sql} GROUP BY t, ft ORDER BY t`,
    w.args,
  );
  const out = new Map<number, FblPoint>();
  for (const r of rows) {
    let p = out.get(r.t);
    if (!p) out.set(r.t, (p = { t: r.t, total: 0, byType: nullProto() }));
    p.total += r.n;
    p.byType[r.ft || 'unknown'] = (p.byType[r.ft || 'unknown'] ?? 0) + r.n;
  }
  return [...out.values()];
}

export async function queryFblByDomain(db: AcctDb, f: BounceFilter): Promise<FblDomain[]> {
  const w = await sourceFor(db, 'acct_fbl', f);
  const rows = await all<{ d: string; ft: string; n: number }>(
    db,
    `SELECT reported_domain AS d, feedback_type AS ft, sum(n) AS n FROM ${w.sql} GROUP BY d, ft`,
    w.args,
  );
  const out = new Map<string, FblDomain>();
  for (const r of rows) {
    let x = out.get(r.d);
    if (!x) out.set(r.d, (x = { reportedDomain: r.d, total: 0, byType: nullProto() }));
    x.total += r.n;
    x.byType[r.ft || 'unknown'] = (x.byType[r.ft || 'unknown'] ?? 0) + r.n;
  }
  return [...out.values()].sort((a, b) => b.total - a.total || (a.reportedDomain < b.reportedDomain ? -1 : 1));
}

/** The time span the data covers (for choosing a bucket size when no range is given). */
export async function queryExtent(db: AcctDb, f: BounceFilter): Promise<{ min: number | null; max: number | null }> {
  // Hour precision is enough to choose a chart bucket; the rollup is small.
  const w = await sourceFor(db, 'acct_agg', f);
  return (
    (await get<{ min: number | null; max: number | null }>(db, `SELECT min(bucket) AS min, max(bucket) AS max FROM ${w.sql}`, w.args)) ?? {
      min: null,
      max: null,
    }
  );
}

/**
 * `bucket / step` as SQL: the step is a whole number of ms chosen by the server (never user
 * text), inlined so the integer division needs no typed parameter on PostgreSQL.
 */
export function bucketDiv(step: number): string {
  if (!Number.isSafeInteger(step) || step <= 0) throw new Error(`bucket step ${step} is not a positive integer`);
  return String(step);
}

/** Recent bounce diagnostics grouped by provider signature, most frequent first. */
export async function queryDiagnostics(db: AcctDb, f: BounceFilter, limit = 50): Promise<DiagnosticGroup[]> {
  const w = whereFor(f, 'at');
  const and = w.sql ? `${w.sql} AND` : 'WHERE';
  const rows = await all<{
    signature: string;
    provider: string;
    label: string;
    count: number;
    lastAt: number;
    cats: string | null;
    doms: string | null;
    sample: string | null;
    status: string | null;
  }>(
    db,
    `SELECT signature, provider, max(label) AS label, count(*) AS count, max(at) AS "lastAt", ${concatAgg(db, 'category', true)} AS cats,
       (SELECT ${concatAgg(db, 'domain')} FROM (SELECT domain FROM acct_diag d2 ${and} d2.signature = d.signature AND d2.provider = d.provider GROUP BY domain ORDER BY count(*) DESC, domain LIMIT 5) AS top) AS doms,
       (SELECT diag FROM acct_diag d3 ${and} d3.signature = d.signature AND d3.provider = d.provider ORDER BY id DESC LIMIT 1) AS sample,
       (SELECT status FROM acct_diag d4 ${and} d4.signature = d.signature AND d4.provider = d.provider ORDER BY id DESC LIMIT 1) AS status
     FROM acct_diag d ${w.sql} GROUP BY signature, provider ORDER BY count(*) DESC, max(at) DESC LIMIT ?`,
    [...w.args, ...w.args, ...w.args, ...w.args, limit],
  );
  return rows.map((r) => ({
    signature: r.signature,
    provider: r.provider,
    label: r.label,
    count: r.count,
    lastAt: r.lastAt,
    categories: (r.cats ?? '').split(',').filter(Boolean),
    domains: (r.doms ?? '').split(',').filter(Boolean),
    sample: r.sample,
    status: r.status,
  }));
}
