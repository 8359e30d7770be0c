// Bounding what one queue list writes: domains with anything in them, largest backlog first,
// capped per node with the remainder as one `(other)` row; per-queue rows only for the
// largest domains and domains in backoff, capped too. One pass over the rows, so a 100k-queue
// node costs a few milliseconds. Pure module.
import type { QueueTable } from '@/lib/queue-store/queue-table';
import type { DomainSampleRow, QueueSampleRow } from './store';

const OTHER_DOMAIN = '(other)';

export interface DomainRowLimits {
  topDomainsPerNode: number;
  queueSeriesDomains: number;
  maxQueueRowsPerNode: number;
}

export function domainRows(t: QueueTable, limits: DomainRowLimits): { domains: DomainSampleRow[]; queues: QueueSampleRow[] } {
  // Walks the per-domain typed arrays in backlog order: no object per domain is built for the
  // long tail that ends up in `(other)` (100k domains on a big node).
  const tc = t.domainTotalsColumns();
  const domains: DomainSampleRow[] = [];
  const other = { rcp: 0, kb: 0, conn: 0, queues: 0, backoff: 0, paused: 0 };
  let others = 0;
  const tracked = new Uint8Array(t.domainCount);
  let trackedLargest = 0;
  let trackedBackoff = 0;
  for (let k = 0; k < tc.order.length; k++) {
    const id = tc.order[k]!;
    const rcp = tc.rcp[id]!;
    const backoff = tc.backoff[id]!;
    const paused = tc.paused[id]!;
    // Per-queue rows: the largest domains first, then every domain with a queue in backoff.
    if (rcp > 0 && trackedLargest < limits.queueSeriesDomains) {
      tracked[id] = 1;
      trackedLargest++;
    } else if (backoff > 0 && !tracked[id] && trackedBackoff < limits.queueSeriesDomains) {
      tracked[id] = 1;
      trackedBackoff++;
    }
    if (!(rcp > 0 || backoff > 0 || paused > 0)) continue;
    const values = { rcp, kb: tc.kb[id]!, conn: tc.conn[id]!, queues: tc.queues[id]!, backoff, paused };
    if (domains.length < limits.topDomainsPerNode) {
      domains.push({ domain: t.domainName(id).toLowerCase(), values });
      continue;
    }
    others++;
    other.rcp += values.rcp;
    other.kb += values.kb;
    other.conn += values.conn;
    other.queues += values.queues;
    other.backoff += values.backoff;
    other.paused += values.paused;
  }
  if (others) domains.push({ domain: OTHER_DOMAIN, values: other });

  const queues: QueueSampleRow[] = [];
  if (trackedLargest + trackedBackoff === 0 || limits.maxQueueRowsPerNode === 0) return { domains, queues };
  const c = t.columns;
  for (let i = 0; i < c.count && queues.length < limits.maxQueueRowsPerNode; i++) {
    if (!tracked[c.domainOf[i]!]) continue;
    queues.push({
      domain: t.domainOf(i).toLowerCase(),
      vmta: t.vmtaOf(i),
      values: { rcp: c.rcp[i]! || 0, kb: c.kb[i]! || 0, conn: c.conn[i]! || 0, queues: 1, backoff: t.isBackoff(i) ? 1 : 0, paused: t.isPaused(i) ? 1 : 0 },
    });
  }
  return { domains, queues };
}
