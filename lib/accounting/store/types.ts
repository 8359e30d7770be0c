// Response shapes of /api/bounces (types only: safe to import from the browser).
import type { BounceClass } from '@/lib/accounting/bounce-class';

export interface BounceFilter {
  /** Epoch ms, inclusive (by the record's timeLogged minute). */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  node?: string;
  domain?: string;
  vmta?: string;
  job?: string;
}

export interface BounceTotals {
  delivered: number;
  bounces: number;
  hard: number;
  soft: number;
  custom: number;
  unknown: number;
  transient: number;
  tq: number;
  remoteBounces: number;
  remoteStatus: number;
  fbl: number;
}

export interface RateFlags {
  /** (bounces + remote bounces) / (delivered + bounces); null without any attempt. */
  bounceRate: number | null;
  /** complaints / delivered; null without deliveries. */
  complaintRate: number | null;
  bounceWarn: boolean;
  complaintWarn: boolean;
}

export interface CategoryCount {
  category: string;
  class: BounceClass;
  bounces: number;
  remoteBounces: number;
}

export interface GroupRow extends RateFlags {
  key: string;
  delivered: number;
  bounces: number;
  hard: number;
  soft: number;
  remoteBounces: number;
  fbl: number;
}

export interface FblPoint {
  t: number;
  total: number;
  byType: Record<string, number>;
}

export interface FblDomain {
  reportedDomain: string;
  total: number;
  byType: Record<string, number>;
}

export interface DiagnosticGroup {
  signature: string;
  provider: string;
  label: string;
  count: number;
  lastAt: number;
  categories: string[];
  domains: string[];
  /** The newest diagnostic text of the group. */
  sample: string | null;
  status: string | null;
}

export interface MalformedSample {
  file: string;
  line: number;
  offset: number;
  reason: string;
  /** The line as read; null for callers below admin (a file may hold anything). */
  text: string | null;
  at: number;
}

export interface IngestionStatus {
  node: string;
  source: 'dir' | 'http' | 'off';
  where: string | null;
  running: boolean;
  currentFile: string | null;
  currentOffset: number | null;
  currentSize: number | null;
  lagBytes: number | null;
  /** Newest timeLogged ingested; now − this is the ingestion lag in time. */
  lastRecordAt: number | null;
  lastPollAt: number | null;
  lastError: string | null;
  records: number;
  malformed: number;
  samples: MalformedSample[];
  resets: { file: string; reason: string; at: number }[];
  /** Listed names not followed, with why (symlink out of the directory, not a regular file…). */
  skipped: { name: string; reason: string }[];
}

export interface Thresholds {
  complaintRatePct: number;
  bounceRatePct: number;
  minDelivered: number;
}

export interface BouncesResponse {
  generatedAt: number;
  filter: BounceFilter;
  thresholds: Thresholds;
  totals: BounceTotals & RateFlags;
  byCategory: CategoryCount[];
  topDomains: GroupRow[];
  vmtas: GroupRow[];
  fbl: { bucketMs: number; overTime: FblPoint[]; byReportedDomain: FblDomain[]; byFeedbackType: Record<string, number> };
  diagnostics: DiagnosticGroup[];
  ingestion: IngestionStatus[];
}
