// Test support: the store's totals in the shape of the simulator's own `state().counts`, so
// integration tests can compare them with one toEqual.
import type { SimState } from '@/sim';
import type { Db } from '@/lib/store/db';

type Counts = Record<string, number>;

export interface ComparableCounts {
  delivered: number;
  bounced: { total: number; byCategory: Counts };
  transient: number;
  tq: number;
  fbl: { total: number; byReportedDomain: Counts; byFeedbackType: Counts };
  rb: { total: number; byCategory: Counts };
}

export function simCounts(s: SimState): ComparableCounts {
  const c = s.counts;
  return {
    delivered: c.delivered,
    bounced: c.bounced,
    transient: c.transient,
    tq: c.tq,
    fbl: { total: c.fbl.total, byReportedDomain: c.fbl.byReportedDomain, byFeedbackType: c.fbl.byFeedbackType },
    rb: c.rb,
  };
}

export function storeCounts(db: Db, node: string): ComparableCounts {
  const sum = db
    .prepare(
      'SELECT coalesce(sum(delivered),0) AS d, coalesce(sum(hard+soft+custom+unknown),0) AS b, coalesce(sum(transient),0) AS t, coalesce(sum(tq),0) AS tq, coalesce(sum(fbl),0) AS f, coalesce(sum(rb),0) AS rb FROM acct_agg WHERE node = ?',
    )
    .get(node) as Record<string, number>;
  const map = (sql: string): Counts => Object.fromEntries((db.prepare(sql).all(node) as { k: string; n: number }[]).map((r) => [r.k, r.n]));
  return {
    delivered: sum.d ?? 0,
    bounced: { total: sum.b ?? 0, byCategory: map("SELECT category AS k, sum(n) AS n FROM acct_cat WHERE node = ? AND kind = 'b' GROUP BY k") },
    transient: sum.t ?? 0,
    tq: sum.tq ?? 0,
    fbl: {
      total: sum.f ?? 0,
      byReportedDomain: map('SELECT reported_domain AS k, sum(n) AS n FROM acct_fbl WHERE node = ? GROUP BY k'),
      byFeedbackType: map('SELECT feedback_type AS k, sum(n) AS n FROM acct_fbl WHERE node = ? GROUP BY k'),
    },
    rb: { total: sum.rb ?? 0, byCategory: map("SELECT category AS k, sum(n) AS n FROM acct_cat WHERE node = ? AND kind = 'rb' GROUP BY k") },
  };
}
