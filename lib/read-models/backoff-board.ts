import 'server-only';
import { classifyDiagnostic, type SignatureProvider } from '@/lib/accounting/provider-signature';
import type { Fleet } from '@/lib/fleet/fleet';
import { pastEventAt, parsePmtaTime } from './pmta-time';

interface BackoffQueue {
  node: string;
  queue: string;
  domain: string;
  vmta: string;
  rcp: number | null;
  retryTime: string | null;
  /** The next retry on the console's clock (UTC ms), converted through the node's measured clock. */
  retryAt: number | null;
  lastError: string | null;
  lastErrorTime: string | null;
  /** Oldest error with this queue's signature among the events PowerMTA still lists. */
  since: number | null;
}

export interface BackoffGroup {
  signature: string;
  label: string;
  provider: SignatureProvider;
  queues: BackoffQueue[];
  rcp: number;
  since: number | null;
}

/** Queues in backoff (fleet-wide or on one node), grouped by the provider signature of their last error. */
export function backoffBoard(fleet: Fleet, node?: string): BackoffGroup[] {
  const groups = new Map<string, BackoffGroup>();
  for (const n of fleet.nodes) {
    const t = n.poller.snapshot.queues;
    if (!t || (node && n.config.id !== node)) continue;
    for (let i = 0; i < t.count; i++) {
      if (!t.isBackoff(i)) continue;
      const q = t.row(i);
      const errors = q.events.filter((e) => e.type === null || e.type === 'error');
      const last = errors[0] ?? null;
      const sig = classifyDiagnostic(last?.text ?? null, q.domain);
      const times = errors
        .filter((e) => classifyDiagnostic(e.text, q.domain).signature === sig.signature)
        .map((e) => pastEventAt(e.time, n.poller.snapshot.clock, n.poller.snapshot.queuesAt ?? Date.now()))
        .filter((x): x is number => x !== null);
      const item: BackoffQueue = {
        node: n.config.id,
        queue: q.name,
        domain: q.domain,
        vmta: q.vmta,
        rcp: q.rcp,
        retryTime: q.retryTime,
        retryAt: parsePmtaTime(q.retryTime, n.poller.snapshot.clock),
        lastError: last?.text ?? null,
        lastErrorTime: last?.time ?? null,
        since: times.length ? Math.min(...times) : null,
      };
      let g = groups.get(sig.signature);
      if (!g) {
        g = { signature: sig.signature, label: sig.label, provider: sig.provider, queues: [], rcp: 0, since: null };
        groups.set(sig.signature, g);
      }
      g.queues.push(item);
      g.rcp += q.rcp ?? 0;
      if (item.since !== null) g.since = g.since === null ? item.since : Math.min(g.since, item.since);
    }
  }
  for (const g of groups.values()) g.queues.sort((a, b) => (b.rcp ?? 0) - (a.rcp ?? 0));
  return [...groups.values()].sort((a, b) => b.queues.length - a.queues.length || b.rcp - a.rcp);
}
