// Test support: the store's totals in the shape of the simulator's own `state().counts`, so
// integration tests can compare them with one toEqual.
import type { SimState } from '@/sim';
import { all, get, type AcctDb } from '@/lib/accounting/store/acct-db';

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

export async function storeCounts(db: AcctDb, node: string): Promise<ComparableCounts> {
  const sum = (await get<Record<string, number>>(
    db,
    'SELECT coalesce(sum(delivered),0) AS d, coalesce(sum(hard+soft+custom+unknown),0) AS b, coalesce(sum(transient),0) AS t, coalesce(sum(tq),0) AS tq, coalesce(sum(fbl),0) AS f, coalesce(sum(rb),0) AS rb FROM acct_agg WHERE node = ?',
    [node],
  )) as Record<string, number>;
  const map = async (sql: string): Promise<Counts> => Object.fromEntries((await all<{ k: string; n: number }>(db, sql, [node])).map((r) => [r.k, r.n]));
  return {
    delivered: sum.d ?? 0,
    bounced: { total: sum.b ?? 0, byCategory: await map("SELECT category AS k, sum(n) AS n FROM acct_cat WHERE node = ? AND kind = 'b' GROUP BY category") },
    transient: sum.t ?? 0,
    tq: sum.tq ?? 0,
    fbl: {
      total: sum.f ?? 0,
      byReportedDomain: await map('SELECT reported_domain AS k, sum(n) AS n FROM acct_fbl WHERE node = ? GROUP BY reported_domain'),
      byFeedbackType: await map('SELECT feedback_type AS k, sum(n) AS n FROM acct_fbl WHERE node = ? GROUP BY feedback_type'),
    },
    rb: { total: sum.rb ?? 0, byCategory: await map("SELECT category AS k, sum(n) AS n FROM acct_cat WHERE node = ? AND kind = 'rb' GROUP BY category") },
  };
}
