import 'server-only';
// CSV export of the bounce aggregates for a filter, grouped one way (`by`). Rates are
// fractions (0.0012 = 0.12 %), so a spreadsheet can format them.
import { csvLine } from '@/lib/csv';
import { all, type AcctDb } from './acct-db';
import { queryCategories, queryGroups, sourceFor } from './query';
import type { BounceFilter, Thresholds } from './types';

export type ExportBy = 'domain' | 'vmta' | 'node' | 'job' | 'category' | 'hour';

const line = csvLine;
const rate = (r: number | null) => (r === null ? null : Number(r.toFixed(6)));

export async function bouncesCsv(db: AcctDb, f: BounceFilter, by: ExportBy, t: Thresholds): Promise<string> {
  if (by === 'category') {
    return (
      line(['category', 'class', 'bounces', 'remoteBounces']) +
      (await queryCategories(db, f)).map((c) => line([c.category, c.class, c.bounces, c.remoteBounces])).join('')
    );
  }
  if (by === 'hour') {
    const w = await sourceFor(db, 'acct_agg', f);
    const rows = await all<{ h: number; d: number; hard: number; soft: number; other: number; t: number; tq: number; rb: number; fbl: number }>(
      db,
      `SELECT (bucket / 3600000) * 3600000 AS h, sum(delivered) AS d, sum(hard) AS hard, sum(soft) AS soft, sum(custom + unknown) AS other,
         sum(transient) AS t, sum(tq) AS tq, sum(rb) AS rb, sum(fbl) AS fbl FROM ${w.sql} GROUP BY h ORDER BY h`,
      w.args,
    );
    return (
      line(['hour', 'delivered', 'hardBounces', 'softBounces', 'otherBounces', 'transient', 'tq', 'remoteBounces', 'complaints']) +
      rows.map((r) => line([new Date(r.h).toISOString(), r.d, r.hard, r.soft, r.other, r.t, r.tq, r.rb, r.fbl])).join('')
    );
  }
  const rows = await queryGroups(db, f, by, t, 1_000_000);
  return (
    line([
      by,
      'delivered',
      'bounces',
      'hardBounces',
      'softBounces',
      'remoteBounces',
      'complaints',
      'bounceRate',
      'complaintRate',
      'bounceWarn',
      'complaintWarn',
    ]) +
    rows
      .map((r) =>
        line([r.key, r.delivered, r.bounces, r.hard, r.soft, r.remoteBounces, r.fbl, rate(r.bounceRate), rate(r.complaintRate), r.bounceWarn, r.complaintWarn]),
      )
      .join('')
  );
}
