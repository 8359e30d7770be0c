// Totals over a list of queues (a domain's, one node's share of them…). Pure and isomorphic:
// the drill-down API computes them for the whole domain, the page again for a node filter.
import type { Queue } from '@/lib/pmta/types';

export interface QueueTotals {
  queues: number;
  rcp: number;
  kb: number;
  conn: number;
  backoff: number;
  paused: number;
}

export function queueTotals(queues: readonly Queue[]): QueueTotals {
  const t: QueueTotals = { queues: queues.length, rcp: 0, kb: 0, conn: 0, backoff: 0, paused: 0 };
  for (const q of queues) {
    t.rcp += q.rcp ?? 0;
    t.kb += q.kb ?? 0;
    t.conn += q.conn ?? 0;
    if (q.mode === 'backoff') t.backoff++;
    if (q.paused) t.paused++;
  }
  return t;
}
