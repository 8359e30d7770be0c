// Response shapes of the API, for the browser: z.infer of the route contracts
// (lib/api/contracts). Import them with `import type`, so zod stays out of the bundle.
import type { z } from 'zod';
import type * as F from './contracts/fleet';

export type NodesResponse = z.infer<typeof F.nodesResponseSchema>;
export type OverviewResponse = z.infer<typeof F.overviewResponseSchema>;
export type QueuesResponse = z.infer<typeof F.queuesResponseSchema>;
export type QueueDetailResponse = z.infer<typeof F.queueDetailResponseSchema>;
export type VmtasResponse = z.infer<typeof F.vmtasResponseSchema>;
export type BackoffResponse = z.infer<typeof F.backoffResponseSchema>;
export type DomainView = z.infer<typeof F.domainViewSchema>;
export type NodeView = z.infer<typeof F.nodeViewSchema>;
export type NodeTotals = z.infer<typeof F.nodeTotalsSchema>;
export type DomainBacklog = z.infer<typeof F.domainBacklogSchema>;
export type BackingUpVerdict = z.infer<typeof F.backingUpVerdictSchema>;
export type BackoffGroup = z.infer<typeof F.backoffGroupSchema>;
export type VmtaView = z.infer<typeof F.vmtaViewSchema>;
export type QueueDetail = z.infer<typeof F.queueDetailSchema>;
export type QueuePage = Pick<QueuesResponse, 'rows' | 'total' | 'totals'>;
