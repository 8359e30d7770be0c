import 'server-only';
// GET /api/alerts's answer: the service's snapshot, filtered and shaped for the page.
import type { z } from 'zod';
import type { alertsQuerySchema, alertsResponseSchema } from '@/lib/api/contracts/alerts';
import type { AlertService } from './service';

type Query = z.output<typeof alertsQuerySchema>;
type View = z.output<typeof alertsResponseSchema>;

const STATE_ORDER = { firing: 0, pending: 1, resolved: 2 } as const;

export async function alertsView(s: AlertService, q: Query): Promise<View> {
  const snap = await s.snapshot({ since: q.from, limit: q.limit });
  const all = snap.alerts.map((a) => ({
    id: a.id,
    rule: a.rule,
    severity: a.severity,
    labels: a.labels,
    state: a.state,
    since: a.activeSince,
    firingSince: a.firingSince,
    resolvedAt: a.resolvedAt,
    value: a.value,
    summary: a.summary,
    link: a.link,
    silencedBy: a.state === 'resolved' ? null : a.silencedBy,
    ackedBy: a.ackedBy,
    ackedAt: a.ackedAt,
  }));
  const counts = { firing: 0, pending: 0, silenced: 0 };
  for (const a of all) {
    if (a.state === 'resolved') continue;
    if (a.silencedBy !== null) counts.silenced++;
    else counts[a.state]++;
  }
  const alerts = all
    .filter((a) => {
      if (q.state === 'silenced') {
        if (a.silencedBy === null || a.state === 'resolved') return false;
      } else if (q.state && a.state !== q.state) return false;
      if (q.rule && a.rule !== q.rule) return false;
      if (q.node && a.labels.node !== q.node) return false;
      if (q.domain && a.labels.domain !== q.domain.toLowerCase()) return false;
      return true;
    })
    .sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || (a.silencedBy === null ? 0 : 1) - (b.silencedBy === null ? 0 : 1) || b.since - a.since);
  const queued = s.delivery.pending();
  return {
    counts,
    alerts,
    silences: snap.silences,
    rules: s.rules.map((r) => ({
      name: r.name,
      kind: r.kind,
      builtIn: r.builtIn,
      severity: r.severity,
      forSeconds: r.forSeconds,
      threshold: r.threshold,
      description: r.description,
    })),
    receivers: s.receiverList().map((r) => ({ name: r.name, type: r.type, queued: queued.get(r.name) ?? 0 })),
    deliveries: s.delivery.attempts().slice(0, 100),
  };
}
