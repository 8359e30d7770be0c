// Bounding what one queue list writes: domains with anything in them, largest backlog first,
// capped per node with the remainder as one `(other)` row; per-queue rows only for the
// largest domains and domains in backoff, capped too. One pass over the rows, so a 100k-queue
// node costs a few milliseconds. Pure module.
import type { QueueTable } from '@/lib/fleet/queue-table';
import type { DomainSampleRow, QueueSampleRow } from './store';

export const OTHER_DOMAIN = '(other)';

export interface DomainRowLimits {
  topDomainsPerNode: number;
  queueSeriesDomains: number;
  maxQueueRowsPerNode: number;
}

export function domainRows(t: QueueTable, limits: DomainRowLimits): { domains: DomainSampleRow[]; queues: QueueSampleRow[] } {
  const all = t.domainTotals();
  const domains: DomainSampleRow[] = [];
  const other = { rcp: 0, kb: 0, conn: 0, queues: 0, backoff: 0, paused: 0 };
  let others = 0;
  // domainTotals() is sorted by backlog, so the first domains are the largest.
  for (const d of all) {
    if (!(d.rcp > 0 || d.backoff > 0 || d.paused > 0)) continue;
    if (domains.length < limits.topDomainsPerNode) {
      domains.push({ domain: d.domain.toLowerCase(), values: { rcp: d.rcp, kb: d.kb, conn: d.conn, queues: d.queues, backoff: d.backoff, paused: d.paused } });
      continue;
    }
    others++;
    other.rcp += d.rcp;
    other.kb += d.kb;
    other.conn += d.conn;
    other.queues += d.queues;
    other.backoff += d.backoff;
    other.paused += d.paused;
  }
  if (others) domains.push({ domain: OTHER_DOMAIN, values: other });
  const totals = all;

  // Per-queue rows: the largest domains first, then every domain with a queue in backoff.
  const wanted = new Set<string>();
  for (const d of totals) {
    if (wanted.size >= limits.queueSeriesDomains) break;
    if (d.rcp > 0) wanted.add(d.domain);
  }
  for (const d of totals) if (d.backoff > 0 && wanted.size < limits.queueSeriesDomains * 2) wanted.add(d.domain);
  const queues: QueueSampleRow[] = [];
  if (!wanted.size || limits.maxQueueRowsPerNode === 0) return { domains, queues };
  const tracked = new Uint8Array(t.domains.length);
  t.domains.forEach((d, id) => {
    if (wanted.has(d)) tracked[id] = 1;
  });
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
