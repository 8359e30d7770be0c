import 'server-only';
// Did a node give us its whole queue list? The console asks for every queue in both spellings
// of the list size (lib/pmta/list-params.ts); a version that honours neither still returns only
// http-default-max-items (guide §3.3.1.36.17, default 10). Compared with the node's own totals
// so the node is marked truncated, with the reason, instead of silently looking small.
import type { NodeStatus } from '@/lib/pmta/types';
import type { QueueTable } from '@/lib/queue-store/queue-table';

/**
 * Domains with mail that /status (queue.smtp.dom) may count beyond the list before it is called
 * truncated: status and list are two replies a moment apart, so a domain or two can appear
 * in between on a busy node.
 */
const DOMAIN_SLACK = (dom: number) => Math.max(2, Math.ceil(dom * 0.05));

export function queueListTruncation(table: QueueTable | null, status: NodeStatus | null): string | null {
  if (!table) return null;
  const c = table.columns;
  if (c.totalQueuesWithRcp !== null && c.count < c.totalQueuesWithRcp) {
    return `the node listed ${c.count.toLocaleString('en-US')} of ${c.totalQueuesWithRcp.toLocaleString('en-US')} queues with recipients (totalQueuesWithRcp): it honours neither maxitems nor maxItems`;
  }
  const dom = status?.queue.smtp?.dom ?? null;
  if (dom === null) return null;
  const totals = table.domainTotalsColumns();
  let listed = 0;
  for (let d = 0; d < totals.rcp.length; d++) if (totals.rcp[d]! > 0) listed++;
  if (listed + DOMAIN_SLACK(dom) <= dom) {
    return `the queue list has ${listed.toLocaleString('en-US')} domains with recipients, /status counts ${dom.toLocaleString('en-US')} (queue.smtp.dom)`;
  }
  return null;
}
