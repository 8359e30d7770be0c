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

/** d/b counts of one sending IP (`dlvSourceIp`, guide §11.2.3). */
export interface SourceIpRow extends Pick<BounceTotals, 'delivered' | 'bounces' | 'hard' | 'soft' | 'custom' | 'unknown'> {
  ip: string;
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

/** One accounting source of a node (a followed file set, or the webhook). */
export interface SourceIngestStatus {
  /** Config `sources[].id` (`default` for the single-source form). */
  id: string;
  kind: 'dir' | 'http' | 'webhook';
  /** Directory, node URL, or the webhook path (secret left out). */
  where: string | null;
  /** File-name glob (file sources). */
  pattern: string | null;
  running: boolean;
  currentFile: string | null;
  currentOffset: number | null;
  currentSize: number | null;
  lagBytes: number | null;
  /** The last poll stopped at its byte budget; the rest follows right away. */
  behind: boolean;
  lastPollAt: number | null;
  lastError: string | null;
  /** Files of the last listing (newest last, at most 20) and how far each is read. */
  seen: { name: string; size: number | null; offset: number }[];
  /** Listing entries not followed, with the reason (at most 20), and their total. */
  skipped: { name: string; reason: string }[];
  skippedTotal: number;
  resets: { file: string; reason: string; at: number }[];
  /** Webhook sources: batches counted, repeats ignored, requests refused. */
  webhook: { batches: number; duplicates: number; records: number; rejected: number; lastBatchAt: number | null } | null;
}

export interface IngestionStatus {
  node: string;
  /** The node's only source kind, `multiple` when it has several, `off` when none. */
  source: 'dir' | 'http' | 'webhook' | 'multiple' | 'off';
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
  /** Listed names not followed, with why (symlink out of the directory, not a regular file…), every file source. */
  skipped: { name: string; reason: string }[];
  /** Every source of the node (empty when off). */
  sources: SourceIngestStatus[];
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
  /** Per job (the records' jobId; '' = records without one), for pause/resume job from the bounces page. */
  jobs: GroupRow[];
  fbl: { bucketMs: number; overTime: FblPoint[]; byReportedDomain: FblDomain[]; byFeedbackType: Record<string, number> };
  diagnostics: DiagnosticGroup[];
  /** Deliveries and bounces per sending IP, busiest first (hourly granularity, no job filter). */
  bySourceIp: SourceIpRow[];
  ingestion: IngestionStatus[];
}
