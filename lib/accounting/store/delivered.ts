import 'server-only';
// Delivered recipients of one domain per time bucket, from the accounting aggregates: the
// history charts' per-domain delivery rate when accounting files are ingested (otherwise
// history falls back to the net drain of the backlog, which undercounts while mail arrives).
import { all, type AcctDb } from './acct-db';
import { bucketDiv, sourceFor, whereFor } from './query';

const MIN = 60_000;
const HOUR = 3_600_000;

/**
 * Delivered per bucket [t, t + step) with t a multiple of `step`, or null when the buckets are
 * finer than accounting's minute (a whole minute's deliveries in one short bucket would read as
 * a spike) or accounting holds nothing for the domain in the range.
 */
export async function deliveredPerBucket(db: AcctDb, q: { domain: string; from: number; to: number; step: number }): Promise<Map<number, number> | null> {
  if (q.step < MIN || q.step % MIN !== 0) return null;
  const f = { domain: q.domain.toLowerCase(), from: q.from, to: q.to };
  // Hour-sized buckets can read the hourly rollup; finer ones need the minute rows.
  const src = q.step % HOUR === 0 ? await sourceFor(db, 'acct_agg', f) : (({ sql, args }) => ({ sql: `acct_agg ${sql}`, args }))(whereFor(f));
  const step = bucketDiv(q.step);
  const rows = await all<{ t: number; n: number }>(db, `SELECT (bucket / ${step}) * ${step} AS t, sum(delivered) AS n FROM ${src.sql} GROUP BY t`, src.args);
  return rows.length ? new Map(rows.map((r) => [r.t, r.n])) : null;
}
