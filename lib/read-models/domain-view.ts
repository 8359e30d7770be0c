import 'server-only';
import { classifyDiagnostic } from '@/lib/accounting/provider-signature';
import { evaluateBackingUp, type BackingUpVerdict } from './backing-up';
import type { Fleet } from '@/lib/fleet/fleet';
import { otherIdnForm } from '@/lib/queue-store/idn-forms';
import { pastEventAt, parsePmtaTime } from './pmta-time';
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

/** A queue row with its node-local times converted through the node's clock (node-clock.ts). */
export interface DomainQueueRow extends QueueRow {
  retryAt: number | null;
  lastErrorAt: number | null;
}

export interface DomainView {
  domain: string;
  generatedAt: number;
  totals: QueueTotals;
  queues: DomainQueueRow[];
  verdicts: BackingUpVerdict[];
  errors: DomainError[];
}

export function domainView(fleet: Fleet, domain: string, now = Date.now()): DomainView {
  const queues: DomainQueueRow[] = [];
  const verdicts: BackingUpVerdict[] = [];
  // Per node: a listed event's time in console time, through its clock and capped at its list's arrival.
  const eventAt = new Map<string, (time: string | null) => number | null>();
  for (const n of fleet.nodes) {
    const t = n.poller.snapshot.queues;
    if (!t) continue;
    // The domain's queues in either IDN form (a node may list `bücher.de` or `xn--bcher-kva.de`).
    const other = otherIdnForm(domain);
    const rows = [...t.rowsOfDomain(domain), ...(other ? t.rowsOfDomain(other) : [])].map((i) => t.row(i));
    if (!rows.length) continue;
    const { clock, queuesAt } = n.poller.snapshot;
    const at = (time: string | null) => pastEventAt(time, clock, queuesAt ?? now);
    eventAt.set(n.config.id, at);
    queues.push(
      ...rows.map((r) => {
        const err = r.events.find((e) => e.type === null || e.type === 'error');
        return { ...r, node: n.config.id, retryAt: parsePmtaTime(r.retryTime, clock), lastErrorAt: err ? at(err.time) : null };
      }),
    );
    verdicts.push(evaluateBackingUp(n.config.id, domain, fleet.history.domainTrend(n.config.id, domain), rows, fleet.config.backingUp, now, clock));
  }
  queues.sort((a, b) => (b.rcp ?? -1) - (a.rcp ?? -1) || a.node.localeCompare(b.node) || a.name.localeCompare(b.name));
  const errors: DomainError[] = queues
    .flatMap((q) =>
      q.events
        .filter((e) => e.type === null || e.type === 'error')
        .map((e) => ({
          node: q.node,
          queue: q.name,
          time: e.time,
          at: eventAt.get(q.node)!(e.time),
          text: e.text,
          ...pick(classifyDiagnostic(e.text, domain)),
        })),
    )
    .sort((a, b) => (b.at ?? 0) - (a.at ?? 0));
  return { domain, generatedAt: now, totals: queueTotals(queues), queues, verdicts, errors };
}

function pick(s: { signature: string; label: string }) {
  return { signature: s.signature, label: s.label };
}
