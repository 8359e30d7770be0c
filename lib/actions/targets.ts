import 'server-only';
// Which nodes an action goes to, and whether each can take it at all. A node without an API
// key, or one running PowerMTA 4.x, is reported `unavailable` with the reason and is never
// sent anything.
import { DomainError } from '@/lib/domain-error';
import type { Fleet, FleetNode } from '@/lib/fleet/fleet';

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
