// When a node's data counts as stale on screen: the console says so (health not ok), or the
// newest data is older than two console poll intervals. Ages are measured against the
// server's `generatedAt`, so a browser with a wrong clock does not invent staleness.
import type { NodeView } from '@/lib/api/responses';

/** Since when the node's data is stale, or null when it is fresh. */
export function staleSince(node: Pick<NodeView, 'health' | 'dataAt'>, generatedAt: number, pollIntervalSeconds: number): number | null {
  const limit = 2 * pollIntervalSeconds * 1000;
  const old = node.dataAt === null || generatedAt - node.dataAt > limit;
  if (node.health.state === 'ok' && !old) return null;
  if (node.health.since !== null) return node.health.since;
  return node.dataAt === null ? generatedAt : node.dataAt + limit;
}
