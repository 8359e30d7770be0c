import 'server-only';
import type { Fleet } from '@/lib/fleet/fleet';
import { Exposition } from './prometheus';
import { domainBacklogs, nodeTotals } from './views';

/** Per-domain series are limited to the largest backlogs so label cardinality stays bounded. */
const METRICS_TOP_DOMAINS = 50;

export function fleetMetrics(fleet: Fleet, now = Date.now()): string {
  const m = new Exposition();
  for (const n of fleet.nodes) {
    const node = n.config.id;
    const h = n.poller.health();
    const s = n.poller.snapshot;
    m.add('pmta_node_up', 'gauge', 'Whether the last poll of the node succeeded (1) or failed (0).', { node }, h.state === 'down' ? 0 : 1);
    m.add('pmta_node_poll_duration_seconds', 'gauge', 'Duration of the last poll.', { node }, h.lastPollMs === null ? null : h.lastPollMs / 1000);
    const dataAt = Math.max(s.statusAt ?? 0, s.queuesAt ?? 0);
    m.add('pmta_node_data_age_seconds', 'gauge', 'Age of the newest data from the node.', { node }, dataAt ? (now - dataAt) / 1000 : null);
    const t = nodeTotals(s.status, n);
    if (!t) continue;
    for (const dir of ['in', 'out'] as const) {
      const l = { node, direction: dir };
      m.add('pmta_traffic_recipients_total', 'counter', 'Recipients since PowerMTA started or counters were reset.', l, t.total[dir].rcp);
      m.add('pmta_traffic_messages_total', 'counter', 'Messages since PowerMTA started or counters were reset.', l, t.total[dir].msg);
      m.add('pmta_traffic_kilobytes_total', 'counter', 'Kilobytes since PowerMTA started or counters were reset.', l, t.total[dir].kb);
      m.add('pmta_traffic_last_minute_recipients', 'gauge', 'Recipients in the last minute (PowerMTA rolling window).', l, t.lastMin[dir].rcp);
      m.add('pmta_traffic_last_hour_recipients', 'gauge', 'Recipients in the last hour (PowerMTA rolling window).', l, t.lastHr[dir].rcp);
      const conn = dir === 'in' ? t.connIn : t.connOut;
      m.add('pmta_connections', 'gauge', 'Open SMTP connections.', l, conn.cur);
      m.add('pmta_connections_max', 'gauge', 'SMTP connection limit.', l, conn.max);
    }
    m.add('pmta_queued_recipients', 'gauge', 'Recipients queued for SMTP delivery.', { node }, t.queued.rcp);
    m.add('pmta_queued_domains', 'gauge', 'Domains with SMTP mail queued.', { node }, t.queued.domains);
    m.add('pmta_queued_kilobytes', 'gauge', 'Kilobytes queued for SMTP delivery.', { node }, t.queued.kb);
    m.add('pmta_queues', 'gauge', 'Queues (domain/vMTA) known to the node.', { node }, t.queues);
    m.add('pmta_queues_backoff', 'gauge', 'Queues in backoff mode.', { node }, t.backoffQueues);
    m.add('pmta_queues_paused', 'gauge', 'Paused queues.', { node }, t.pausedQueues);
    m.add('pmta_spool_recipients', 'gauge', 'Recipients in the spool.', { node }, t.spool.rcp);
    m.add('pmta_spool_max_recipients', 'gauge', 'Spool capacity in recipients.', { node }, t.spool.maxRcp);
    m.add('pmta_bounces_processed_total', 'counter', 'Bounces processed by the bounce processor.', { node }, t.bounceProcessed);
    m.add('pmta_feedback_loop_processed_total', 'counter', 'Feedback-loop reports processed.', { node }, t.feedbackLoopProcessed);
  }
  const { top, other } = domainBacklogs(fleet, METRICS_TOP_DOMAINS);
  for (const d of [...top, ...(other.domains ? [{ ...other, domain: 'other' }] : [])]) {
    m.add('pmta_domain_backlog_recipients', 'gauge', `Recipients queued per domain across the fleet (top ${METRICS_TOP_DOMAINS}, rest as "other").`, { domain: d.domain }, d.rcp);
    m.add('pmta_domain_queues_backoff', 'gauge', 'Queues in backoff per domain.', { domain: d.domain }, d.backoff);
    m.add('pmta_domain_queues_paused', 'gauge', 'Paused queues per domain.', { domain: d.domain }, d.paused);
  }
  return m.toString();
}
