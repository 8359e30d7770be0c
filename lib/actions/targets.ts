import 'server-only';
// Which nodes an action goes to, and whether each can take it at all. A node without an API
// key, or one running PowerMTA 4.x, is reported `unavailable` with the reason and is never
// sent anything.
import { DomainError } from '@/lib/domain-error';
import type { AuditNodeResult } from '@/lib/audit/types';
import type { Fleet, FleetNode } from '@/lib/fleet/fleet';
import { nodeDown, type NodeDown } from '@/lib/fleet/liveness';

export { nodeDown, type NodeDown };

export function resolveNodes(fleet: Fleet, nodes: 'all' | string[]): FleetNode[] {
  if (nodes === 'all') return fleet.nodes;
  const unknown = nodes.filter((id) => !fleet.node(id));
  if (unknown.length) throw new DomainError('bad_request', `nodes: unknown node(s) ${unknown.join(', ')}`);
  return [...new Set(nodes)].map((id) => fleet.node(id)!);
}

export function nodeAvailability(n: FleetNode): { available: boolean; reason: string | null } {
  if (!n.config.apiKey) {
    return { available: false, reason: 'no API key configured for this node (PowerMTA 5.0 takes commands only with an X-API-Key)' };
  }
  const version = n.poller.snapshot.status?.product.version ?? null;
  if (version && /^[0-4]\./.test(version)) {
    return { available: false, reason: `PowerMTA ${version}: queue commands need 5.0 (4.x takes them on its command line only)` };
  }
  if (n.config.format === 'auto' && n.client.detectedFormat() === 'xml') {
    return { available: false, reason: 'this node does not speak the 5.0 JSON API (PowerMTA 4.x?), so it cannot take commands' };
  }
  return { available: true, reason: null };
}

/** Why `n` is left out of an action (stale or down and not included), or null when it gets it. */
export function leftOut(n: FleetNode, includeDown: readonly string[] = []): NodeDown | null {
  const down = nodeDown(n);
  return down && !includeDown.includes(n.config.id) ? down : null;
}

/**
 * The nodes an action is sent to: the resolved ones, minus down nodes not explicitly included
 * (queue and toolbox actions alike). Refuses when that leaves none.
 */
export function sendTargets(nodes: FleetNode[], includeDown: readonly string[] = []): { send: FleetNode[]; excluded: Map<string, NodeDown> } {
  const excluded = new Map<string, NodeDown>();
  const send: FleetNode[] = [];
  for (const n of nodes) {
    const down = leftOut(n, includeDown);
    if (down) excluded.set(n.config.id, down);
    else send.push(n);
  }
  if (!send.length) {
    const why = [...excluded].map(([id, d]) => `${id} (${d.label})`).join(', ');
    throw new DomainError('bad_request', `nodes: every targeted node is stale or down: ${why}; include it explicitly to send anyway`);
  }
  return { send, excluded };
}

/** The audit result of a node left out by `sendTargets`. */
export function notSentResult(node: string, down: NodeDown): AuditNodeResult {
  return { node, status: 'unavailable', text: `not sent: ${down.label} (include it explicitly to send anyway)`, verification: null };
}
