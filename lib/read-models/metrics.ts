import 'server-only';
import type { Fleet } from '@/lib/fleet/fleet';
import { Exposition } from './prometheus';
import { backingUp, domainBacklogs, nodeTotals } from './views';
import { queueListTruncation } from '@/lib/fleet/list-truncation';

const kbToBytes = (kb: number | null | undefined) => (kb == null ? kb : kb * 1024);

/** What the rest of the runtime adds to the fleet's metrics (alerts, accounting ingestion). */
export interface MetricsExtras {
  alertsFiring?: { rule: string; severity: string; count: number }[];
  ingestLagBytes?: { node: string; bytes: number }[];
}

/** Per-domain series are limited to the largest backlogs so label cardinality stays bounded. */
const METRICS_TOP_DOMAINS = 50;

export function fleetMetrics(fleet: Fleet, now = Date.now(), extras: MetricsExtras = {}): string {
  const m = new Exposition();
  for (const a of extras.alertsFiring ?? [])
    m.add(
      'pmta_console_alerts_firing',
      'gauge',
      'Firing alerts per rule and severity (silenced ones included).',
      { rule: a.rule, severity: a.severity },
      a.count,
    );
  for (const l of extras.ingestLagBytes ?? [])
    m.add('pmta_accounting_lag_bytes', 'gauge', 'Accounting bytes written by the node and not yet ingested.', { node: l.node }, l.bytes);
  for (const n of fleet.nodes) {
    const node = n.config.id;
    const h = n.poller.health();
    const s = n.poller.snapshot;
    m.add('pmta_node_up', 'gauge', 'Whether the last poll of the node succeeded (1) or failed (0).', { node }, h.state === 'down' ? 0 : 1);
    m.add('pmta_node_poll_duration_seconds', 'gauge', 'Duration of the last poll.', { node }, h.lastPollMs === null ? null : h.lastPollMs / 1000);
    const dataAt = Math.max(s.statusAt ?? 0, s.queuesAt ?? 0);
    m.add('pmta_node_data_age_seconds', 'gauge', 'Age of the newest data from the node.', { node }, dataAt ? (now - dataAt) / 1000 : null);
    m.add(
      'pmta_node_queue_list_truncated',
      'gauge',
      'Whether the queue list of the node is truncated (1) or whole (0).',
      { node },
      s.queues ? (queueListTruncation(s.queues, s.status) ? 1 : 0) : null,
    );
    m.add('pmta_node_clock_skew_seconds', 'gauge', "How far the node's clock is from its zone (or UTC).", { node }, s.clock ? s.clock.skewSeconds : null);
    const t = nodeTotals(s.status, n);
    if (!t) continue;
    for (const dir of ['in', 'out'] as const) {
      const l = { node, direction: dir };
      m.add('pmta_traffic_recipients_total', 'counter', 'Recipients since PowerMTA started or counters were reset.', l, t.total[dir].rcp);
      m.add('pmta_traffic_messages_total', 'counter', 'Messages since PowerMTA started or counters were reset.', l, t.total[dir].msg);
      // PowerMTA counts kilobytes; Prometheus names want base units (promtool check metrics).
      m.add('pmta_traffic_bytes_total', 'counter', 'Bytes since PowerMTA started or counters were reset (PowerMTA counts kB).', l, kbToBytes(t.total[dir].kb));
      m.add('pmta_traffic_last_minute_recipients', 'gauge', 'Recipients in the last minute (PowerMTA rolling window).', l, t.lastMin[dir].rcp);
      m.add('pmta_traffic_last_hour_recipients', 'gauge', 'Recipients in the last hour (PowerMTA rolling window).', l, t.lastHr[dir].rcp);
      const conn = dir === 'in' ? t.connIn : t.connOut;
      m.add('pmta_connections', 'gauge', 'Open SMTP connections.', l, conn.cur);
      m.add('pmta_connections_max', 'gauge', 'SMTP connection limit.', l, conn.max);
    }
    m.add('pmta_queued_recipients', 'gauge', 'Recipients queued for SMTP delivery.', { node }, t.queued.rcp);
    m.add('pmta_queued_domains', 'gauge', 'Domains with SMTP mail queued.', { node }, t.queued.domains);
    m.add('pmta_queued_bytes', 'gauge', 'Bytes queued for SMTP delivery (PowerMTA counts kB).', { node }, kbToBytes(t.queued.kb));
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
    m.add(
      'pmta_domain_backlog_recipients',
      'gauge',
      `Recipients queued per domain across the fleet (top ${METRICS_TOP_DOMAINS}, rest as "other").`,
      { domain: d.domain },
      d.rcp,
    );
    m.add('pmta_domain_queues_backoff', 'gauge', 'Queues in backoff per domain.', { domain: d.domain }, d.backoff);
    m.add('pmta_domain_queues_paused', 'gauge', 'Paused queues per domain.', { domain: d.domain }, d.paused);
  }
  // The backing-up verdict per (node, domain): the largest backlogs only, the rest counted per node.
  const flagged = backingUp(fleet, now);
  const perNode = new Map(fleet.nodes.map((n) => [n.config.id, 0]));
  flagged.forEach((v, i) => {
    if (i < METRICS_TOP_DOMAINS)
      m.add(
        'pmta_domain_backing_up',
        'gauge',
        `1 for a domain backing up on a node (top ${METRICS_TOP_DOMAINS} by backlog).`,
        { node: v.node, domain: v.domain },
        1,
      );
    perNode.set(v.node, (perNode.get(v.node) ?? 0) + 1);
  });
  for (const [node, count] of perNode) m.add('pmta_domains_backing_up', 'gauge', 'Domains backing up on the node.', { node }, count);
  return m.toString();
}
