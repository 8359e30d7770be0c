'use client';
import type { NodeView } from '@/lib/api/responses';
import { RelativeTime } from './RelativeTime';
import { staleSince } from './stale';

/** "stale since 2m ago" for a node whose data is old (see stale.ts); nothing when fresh. */
export function StaleBadge({ node, generatedAt, pollIntervalSeconds }: { node: NodeView; generatedAt: number; pollIntervalSeconds: number }) {
  const since = staleSince(node, generatedAt, pollIntervalSeconds);
  if (since === null) return null;
  const why = node.health.state === 'ok' ? 'data older than two poll intervals' : (node.health.message ?? node.health.reason ?? node.health.state);
  return (
    <span className="badge warn" data-testid="stale-badge" title={`${node.name}: ${why}`}>
      stale since <RelativeTime at={since} />
    </span>
  );
}
