// The metric names the history API answers to, with what each one means. Pure module: the
// browser imports it for labels, the server for validation.

/** PowerMTA traffic counters the console turns into deltas (they only ever grow, until a reset). */
export const COUNTERS = ['in_rcp', 'in_msg', 'in_kb', 'out_rcp', 'out_msg', 'out_kb', 'bounce', 'fbl'] as const;
export type Counter = (typeof COUNTERS)[number];

/** Per-node point-in-time values, averaged when several samples fall in one bucket. */
export const NODE_GAUGES = [
  'conn_in',
  'conn_out',
  'queued_rcp',
  'queued_kb',
  'queued_dom',
  'spool_rcp',
  'spool_max',
  'queues',
  'backoff',
  'paused',
  'lastmin_in_rcp',
  'lastmin_out_rcp',
] as const;
export type NodeGauge = (typeof NODE_GAUGES)[number];

/** Per-domain (and per-queue) point-in-time values. */
export const DOMAIN_GAUGES = ['rcp', 'kb', 'conn', 'queues', 'backoff', 'paused'] as const;
export type DomainGauge = (typeof DOMAIN_GAUGES)[number];

export type MetricSpec =
  | { kind: 'rate'; counter: Counter; doc: string }
  | { kind: 'count'; counter: Counter; doc: string }
  | { kind: 'node'; gauge: NodeGauge; doc: string }
  | { kind: 'domain'; gauge: DomainGauge; doc: string }
  | { kind: 'queue'; gauge: DomainGauge; doc: string }
  | { kind: 'drain'; doc: string }
  | { kind: 'delivered'; doc: string };

const rate = (counter: Counter, what: string): MetricSpec => ({
  kind: 'rate',
  counter,
  doc: `${what} per minute, from counter deltas (resets and gaps handled)`,
});
const count = (counter: Counter, what: string): MetricSpec => ({ kind: 'count', counter, doc: `${what} per bucket (sum of counter deltas)` });
const node = (gauge: NodeGauge, doc: string): MetricSpec => ({ kind: 'node', gauge, doc });
const domain = (gauge: DomainGauge, doc: string): MetricSpec => ({ kind: 'domain', gauge, doc });

export const METRICS = {
  'rate.out.rcp': rate('out_rcp', 'Delivered recipients'),
  'rate.out.msg': rate('out_msg', 'Delivered messages'),
  'rate.out.kb': rate('out_kb', 'Delivered KB'),
  'rate.in.rcp': rate('in_rcp', 'Received recipients'),
  'rate.in.msg': rate('in_msg', 'Received messages'),
  'rate.in.kb': rate('in_kb', 'Received KB'),
  'rate.bounce': rate('bounce', 'Bounces processed'),
  'rate.fbl': rate('fbl', 'Feedback-loop reports processed'),
  'count.out.rcp': count('out_rcp', 'Delivered recipients'),
  'count.in.rcp': count('in_rcp', 'Received recipients'),
  'node.queued.rcp': node('queued_rcp', 'Recipients queued (smtp), summed over nodes'),
  'node.queued.kb': node('queued_kb', 'KB queued (smtp)'),
  'node.queued.domains': node('queued_dom', 'Domains with queued recipients'),
  'node.conn.out': node('conn_out', 'Outbound SMTP connections'),
  'node.conn.in': node('conn_in', 'Inbound SMTP connections'),
  'node.spool.rcp': node('spool_rcp', 'Recipients in the spool'),
  'node.queues': node('queues', 'Queues listed'),
  'node.queues.backoff': node('backoff', 'Queues in backoff mode'),
  'node.queues.paused': node('paused', 'Paused queues'),
  'node.lastmin.out.rcp': node('lastmin_out_rcp', "PowerMTA's own last-minute delivered recipients"),
  'node.lastmin.in.rcp': node('lastmin_in_rcp', "PowerMTA's own last-minute received recipients"),
  'domain.backlog': domain('rcp', 'Backlog (recipients) per domain; without domain= the top N domains plus "other"'),
  'domain.backlog.kb': domain('kb', 'Backlog (KB) per domain'),
  'domain.conn': domain('conn', 'Connections per domain'),
  'domain.backoff': domain('backoff', 'Queues in backoff per domain'),
  'domain.paused': domain('paused', 'Paused queues per domain'),
  'queue.backlog': { kind: 'queue', gauge: 'rcp', doc: 'Backlog per queue (node × vMTA) of one domain (domain= required)' },
  'queue.backoff': { kind: 'queue', gauge: 'backoff', doc: 'Fraction of the bucket each queue of one domain spent in backoff (0..1)' },
  'domain.drain': { kind: 'drain', doc: 'Net backlog decrease per minute of one domain (negative = growing)' },
  'domain.delivered': { kind: 'delivered', doc: 'Delivered recipients per minute of one domain: accounting when available, else the net drain (≥ 0)' },
} as const satisfies Record<string, MetricSpec>;

export type MetricName = keyof typeof METRICS;
export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];
