import 'server-only';
// Delivered recipients of one domain per time bucket, from the accounting aggregates: the
// history charts' per-domain delivery rate when accounting files are ingested (otherwise
// history falls back to the net drain of the backlog, which undercounts while mail arrives).
import type { Db } from '@/lib/store/db';
import { sourceFor, whereFor } from './query';
import { ensureAccountingSchema } from './schema';

const MIN = 60_000;
const HOUR = 3_600_000;

/**
 * Delivered per bucket [t, t + step) with t a multiple of `step`, or null when the buckets are
 * finer than accounting's minute (a whole minute's deliveries in one short bucket would read as
 * a spike) or accounting holds nothing for the domain in the range.
 */
export function deliveredPerBucket(db: Db, q: { domain: string; from: number; to: number; step: number }): Map<number, number> | null {
  if (q.step < MIN || q.step % MIN !== 0) return null;
  const f = { domain: q.domain.toLowerCase(), from: q.from, to: q.to };
  // Hour-sized buckets can read the hourly rollup; finer ones need the minute rows.
  const src = q.step % HOUR === 0 ? sourceFor(db, 'acct_agg', f) : (({ sql, args }) => ({ sql: `acct_agg ${sql}`, args }))(whereFor(f));
  const rows = ensureAccountingSchema(db)
    .prepare(`SELECT (bucket / CAST(? AS INTEGER)) * CAST(? AS INTEGER) AS t, sum(delivered) AS n FROM ${src.sql} GROUP BY t`)
    .all(q.step, q.step, ...src.args) as { t: number; n: number }[];
  return rows.length ? new Map(rows.map((r) => [r.t, r.n])) : null;
}
