import 'server-only';
// Read side of the accounting store: sums over the minute aggregates for a filter.
import { BOUNCE_CATEGORIES, classifyBounceCategory } from '@/lib/accounting';
import { nullProto } from '@/lib/null-proto';
import type { Db } from '@/lib/store/db';
import { ensureAccountingSchema } from './schema';
import type { BounceFilter, BounceTotals, CategoryCount, DiagnosticGroup, FblDomain, FblPoint, GroupRow, RateFlags, SourceIpRow, Thresholds } from './types';

type Arg = string | number;

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
export function sourceFor(db: Db, table: 'acct_agg' | 'acct_cat' | 'acct_fbl', f: BounceFilter): { sql: string; args: Arg[] } {
  ensureAccountingSchema(db);
  const oldest = (db.prepare(`SELECT min(bucket) FROM ${table}`).pluck().get() as number | null) ?? Infinity;
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
  return { sql: `(${sql})`, args };
}

/**
 * Deletes minute rows older than `cutoff` (hourly rollups stay), an hour at a time so the
 * writer is never blocked for long. Returns the rows deleted.
 */
export function pruneMinuteRows(db: Db, cutoff: number, hourCutoff: number | null = null): number {
  ensureAccountingSchema(db);
  let n = 0;
  for (const t of ['acct_agg', 'acct_cat', 'acct_fbl']) {
    const oldest = db.prepare(`SELECT min(bucket) FROM ${t}`).pluck();
    const del = db.prepare(`DELETE FROM ${t} WHERE bucket < ?`);
    for (let o = oldest.get() as number | null; o !== null && o < cutoff; o = oldest.get() as number | null) {
      n += del.run(Math.min(cutoff, Math.floor(o / HOUR) * HOUR + HOUR)).changes;
    }
    if (hourCutoff !== null) n += db.prepare(`DELETE FROM ${t}_h WHERE bucket < ?`).run(hourCutoff).changes;
  }
  if (hourCutoff !== null) n += db.prepare('DELETE FROM acct_src_ip_h WHERE bucket < ?').run(hourCutoff).changes;
  return n;
}

/**
 * Deliveries and bounces per sending IP (`dlvSourceIp`), busiest first. Kept hourly only: the
 * range widens to whole hours, and the job filter does not apply (not a dimension here).
 */
export function queryBySourceIp(db: Db, f: BounceFilter, limit = 50): SourceIpRow[] {
  ensureAccountingSchema(db);
  const w = whereFor({
    node: f.node,
    domain: f.domain,
    vmta: f.vmta,
    from: f.from === undefined ? undefined : Math.floor(f.from / HOUR) * HOUR,
    to: f.to === undefined ? undefined : Math.ceil(f.to / HOUR) * HOUR,
  });
  const rows = db
    .prepare(
      `SELECT ip, sum(delivered) AS delivered, sum(hard) AS hard, sum(soft) AS soft, sum(custom) AS custom, sum(unknown) AS unknown
       FROM acct_src_ip_h ${w.sql} GROUP BY ip ORDER BY sum(hard + soft + custom + unknown) DESC, sum(delivered) DESC, ip LIMIT ?`,
    )
    .all(...w.args, limit) as Omit<SourceIpRow, 'bounces'>[];
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

export function queryTotals(db: Db, f: BounceFilter, t: Thresholds): BounceTotals & RateFlags {
  const w = sourceFor(db, 'acct_agg', f);
  const tot = toTotals(
    ensureAccountingSchema(db)
      .prepare(`SELECT ${SUMS} FROM ${w.sql}`)
      .get(...w.args) as SumRow,
  );
  return { ...tot, ...rates(tot.delivered, tot.bounces, tot.remoteBounces, tot.fbl, t) };
}

/** All 17 built-in categories (zeros included, so the chart's axis is stable), then custom ones. */
export function queryCategories(db: Db, f: BounceFilter): CategoryCount[] {
  const w = sourceFor(db, 'acct_cat', f);
  const rows = ensureAccountingSchema(db)
    .prepare(`SELECT kind, category, sum(n) AS n FROM ${w.sql} GROUP BY kind, category`)
    .all(...w.args) as { kind: string; category: string; n: number }[];
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
export function queryGroups(db: Db, f: BounceFilter, by: 'domain' | 'vmta' | 'node' | 'job', t: Thresholds, limit = 1000): GroupRow[] {
  const w = sourceFor(db, 'acct_agg', f);
  const rows = ensureAccountingSchema(db)
    .prepare(
      `SELECT ${by} AS key, ${SUMS} FROM ${w.sql} GROUP BY ${by} ORDER BY (sum(hard)+sum(soft)+sum(custom)+sum(unknown)+sum(rb)) DESC, sum(fbl) DESC, key LIMIT ?`,
    )
    .all(...w.args, limit) as (SumRow & { key: string })[];
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
export function queryFblOverTime(db: Db, f: BounceFilter, bucketMs: number): FblPoint[] {
  // Buckets under an hour need minute rows; an hourly chart can read the rollup.
  const w = bucketMs % HOUR === 0 ? sourceFor(db, 'acct_fbl', f) : (({ sql, args }) => ({ sql: `acct_fbl ${sql}`, args }))(whereFor(f));
  const rows = ensureAccountingSchema(db)
    .prepare(`SELECT (bucket / CAST(? AS INTEGER)) * CAST(? AS INTEGER) AS t, feedback_type AS ft, sum(n) AS n FROM ${w.sql} GROUP BY t, ft ORDER BY t`)
    .all(bucketMs, bucketMs, ...w.args) as { t: number; ft: string; n: number }[];
  const out = new Map<number, FblPoint>();
  for (const r of rows) {
    let p = out.get(r.t);
    if (!p) out.set(r.t, (p = { t: r.t, total: 0, byType: nullProto() }));
    p.total += r.n;
    p.byType[r.ft || 'unknown'] = (p.byType[r.ft || 'unknown'] ?? 0) + r.n;
  }
  return [...out.values()];
}

export function queryFblByDomain(db: Db, f: BounceFilter): FblDomain[] {
  const w = sourceFor(db, 'acct_fbl', f);
  const rows = ensureAccountingSchema(db)
    .prepare(`SELECT reported_domain AS d, feedback_type AS ft, sum(n) AS n FROM ${w.sql} GROUP BY d, ft`)
    .all(...w.args) as { d: string; ft: string; n: number }[];
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
export function queryExtent(db: Db, f: BounceFilter): { min: number | null; max: number | null } {
  // Hour precision is enough to choose a chart bucket; the rollup is small.
  const w = sourceFor(db, 'acct_agg', f);
  return ensureAccountingSchema(db)
    .prepare(`SELECT min(bucket) AS min, max(bucket) AS max FROM ${w.sql}`)
    .get(...w.args) as { min: number | null; max: number | null };
}

/** Recent bounce diagnostics grouped by provider signature, most frequent first. */
export function queryDiagnostics(db: Db, f: BounceFilter, limit = 50): DiagnosticGroup[] {
  const w = whereFor(f, 'at');
  const rows = ensureAccountingSchema(db)
    .prepare(
      `SELECT signature, provider, max(label) AS label, count(*) AS count, max(at) AS lastAt, group_concat(DISTINCT category) AS cats,
         (SELECT group_concat(domain) FROM (SELECT domain FROM acct_diag d2 ${w.sql ? `${w.sql} AND` : 'WHERE'} d2.signature = d.signature AND d2.provider = d.provider GROUP BY domain ORDER BY count(*) DESC LIMIT 5)) AS doms,
         (SELECT diag FROM acct_diag d3 ${w.sql ? `${w.sql} AND` : 'WHERE'} d3.signature = d.signature AND d3.provider = d.provider ORDER BY id DESC LIMIT 1) AS sample,
         (SELECT status FROM acct_diag d4 ${w.sql ? `${w.sql} AND` : 'WHERE'} d4.signature = d.signature AND d4.provider = d.provider ORDER BY id DESC LIMIT 1) AS status
       FROM acct_diag d ${w.sql} GROUP BY signature, provider ORDER BY count DESC, lastAt DESC LIMIT ?`,
    )
    .all(...w.args, ...w.args, ...w.args, ...w.args, limit) as {
    signature: string;
    provider: string;
    label: string;
    count: number;
    lastAt: number;
    cats: string | null;
    doms: string | null;
    sample: string | null;
    status: string | null;
  }[];
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
