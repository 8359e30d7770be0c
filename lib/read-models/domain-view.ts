import 'server-only';
import { classifyDiagnostic } from '@/lib/accounting/provider-signature';
import { evaluateBackingUp, type BackingUpVerdict } from './backing-up';
import type { Fleet } from '@/lib/fleet/fleet';
import { parsePmtaTime } from './pmta-time';
import type { QueueRow } from '@/lib/queue-store/queue-query';
import { queueTotals, type QueueTotals } from '@/lib/queue-store/queue-totals';

interface DomainError {
  node: string;
  queue: string;
  time: string | null;
  at: number | null;
  text: string;
  signature: string;
  label: string;
}

export interface DomainView {
  domain: string;
  generatedAt: number;
  totals: QueueTotals;
  queues: QueueRow[];
  verdicts: BackingUpVerdict[];
  errors: DomainError[];
}

export function domainView(fleet: Fleet, domain: string, now = Date.now()): DomainView {
  const queues: QueueRow[] = [];
  const verdicts: BackingUpVerdict[] = [];
  for (const n of fleet.nodes) {
    const t = n.poller.snapshot.queues;
    if (!t) continue;
    const rows = t.rowsOfDomain(domain).map((i) => t.row(i));
    if (!rows.length) continue;
    queues.push(...rows.map((r) => ({ ...r, node: n.config.id })));
    verdicts.push(evaluateBackingUp(n.config.id, domain, fleet.history.domainTrend(n.config.id, domain), rows, fleet.config.backingUp, now));
  }
  queues.sort((a, b) => (b.rcp ?? -1) - (a.rcp ?? -1) || a.node.localeCompare(b.node) || a.name.localeCompare(b.name));
  const errors: DomainError[] = queues
    .flatMap((q) =>
      q.events
        .filter((e) => e.type === null || e.type === 'error')
        .map((e) => ({ node: q.node, queue: q.name, time: e.time, at: parsePmtaTime(e.time), text: e.text, ...pick(classifyDiagnostic(e.text, domain)) })),
    )
    .sort((a, b) => (b.at ?? 0) - (a.at ?? 0));
  return { domain, generatedAt: now, totals: queueTotals(queues), queues, verdicts, errors };
}

function pick(s: { signature: string; label: string }) {
  return { signature: s.signature, label: s.label };
}
