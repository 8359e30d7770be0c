import 'server-only';
// The /bounces page's whole picture for one filter, from the accounting store.
import { nullProto } from '@/lib/null-proto';
import type { AcctDb } from './acct-db';
import { queryBySourceIp, queryCategories, queryDiagnostics, queryExtent, queryFblByDomain, queryFblOverTime, queryGroups, queryTotals } from './query';
import type { BounceFilter, BouncesResponse, IngestionStatus, Thresholds } from './types';

const BUCKETS = [60_000, 5 * 60_000, 15 * 60_000, 3_600_000, 6 * 3_600_000, 86_400_000];
/** At most this many points on the FBL-over-time chart. */
const MAX_POINTS = 120;

export function chooseBucketMs(from: number | null, to: number | null): number {
  if (from === null || to === null) return BUCKETS[0] as number;
  const span = Math.max(0, to - from);
  return BUCKETS.find((b) => span / b <= MAX_POINTS) ?? (BUCKETS.at(-1) as number);
}

export async function bouncesReport(db: AcctDb, filter: BounceFilter, thresholds: Thresholds, ingestion: IngestionStatus[]): Promise<BouncesResponse> {
  const ext = await queryExtent(db, filter);
  const from = filter.from ?? ext.min;
  // The extent comes from the hourly rollup: its last bucket covers up to an hour.
  const to = filter.to ?? (ext.max === null ? null : ext.max + 3_600_000);
  const bucketMs = chooseBucketMs(from, to);
  const fblDomains = await queryFblByDomain(db, filter);
  const byFeedbackType = nullProto<number>();
  for (const d of fblDomains) for (const [t, n] of Object.entries(d.byType)) byFeedbackType[t] = (byFeedbackType[t] ?? 0) + n;
  return {
    generatedAt: Date.now(),
    filter,
    thresholds,
    totals: await queryTotals(db, filter, thresholds),
    byCategory: await queryCategories(db, filter),
    topDomains: await queryGroups(db, filter, 'domain', thresholds, 25),
    vmtas: await queryGroups(db, filter, 'vmta', thresholds, 100),
    jobs: await queryGroups(db, filter, 'job', thresholds, 100),
    fbl: { bucketMs, overTime: await queryFblOverTime(db, filter, bucketMs), byReportedDomain: fblDomains.slice(0, 25), byFeedbackType },
    diagnostics: await queryDiagnostics(db, filter, 50),
    bySourceIp: await queryBySourceIp(db, filter, 50),
    ingestion: filter.node ? ingestion.filter((i) => i.node === filter.node) : ingestion,
  };
}
