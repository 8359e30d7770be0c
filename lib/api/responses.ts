// Response shapes of the read API, for the browser (type-only imports of server modules are
// erased at build time, so nothing server-side reaches the bundle).
import type { BackingUpVerdict } from '@/lib/read-models/backing-up';
import type { BackoffGroup } from '@/lib/read-models/backoff-board';
import type { DomainView } from '@/lib/read-models/domain-view';
import type { QueuePage } from '@/lib/queue-store/queue-query';
import type { DomainBacklog, NodeTotals, NodeView } from '@/lib/read-models/views';
import type { VmtaView } from '@/lib/read-models/vmta-view';
import type { QueueDetail } from '@/lib/pmta/types';

export type { BackingUpVerdict, BackoffGroup, DomainView, DomainBacklog, NodeTotals, NodeView, QueuePage, VmtaView, QueueDetail };

export interface NodesResponse {
  generatedAt: number;
  pollIntervalSeconds: number;
  nodes: NodeView[];
}

export interface OverviewResponse {
  generatedAt: number;
  pollIntervalSeconds: number;
  fleet: NodeTotals;
  nodes: { node: NodeView; totals: NodeTotals | null }[];
  topDomains: DomainBacklog[];
  otherDomains: { domains: number; rcp: number; kb: number };
  backingUp: BackingUpVerdict[];
}

export interface QueuesResponse extends QueuePage {
  generatedAt: number;
  offset: number;
  limit: number;
}

export interface QueueDetailResponse {
  node: string;
  fetchedAt: number;
  queue: QueueDetail;
}

export interface VmtasResponse {
  generatedAt: number;
  vmtas: VmtaView[];
}

export interface BackoffResponse {
  generatedAt: number;
  groups: BackoffGroup[];
}
