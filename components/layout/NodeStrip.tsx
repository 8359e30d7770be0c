'use client';
import type { NodesResponse } from '@/lib/api/responses';
import { HealthBadge } from '@/components/ui/HealthBadge';
import { RelativeTime } from '@/components/ui/RelativeTime';
import { ClockSkewBadge, TruncatedBadge } from '@/components/ui/NodeInstallBadges';
import { StaleBadge } from '@/components/ui/StaleBadge';

/**
 * Every node's health, the age of its data and, when old, since when — on every page. When the
 * browser cannot reach the console itself (`unreachableSince`), the last answer says nothing
 * about the nodes now: each chip shows "unknown" instead of its old health.
 */
export function NodeStrip({ data, unreachableSince = null }: { data: NodesResponse; unreachableSince?: number | null }) {
  return (
    <ul className="node-strip" data-testid="node-strip" aria-label="Node health">
      {data.nodes.map((n) => (
        <li key={n.id} data-testid={`node-chip-${n.id}`} title={`${n.address}${n.health.message ? ` · ${n.health.message}` : ''}`}>
          <strong>{n.name}</strong>{' '}
          {unreachableSince !== null ? (
            <span className="badge warn" data-testid="health-badge" title="the console's server does not answer this browser: node health unknown">
              unknown
            </span>
          ) : (
            <HealthBadge health={n.health} />
          )}{' '}
          <span className="muted">
            polled <RelativeTime at={n.health.lastSuccessAt} />
          </span>{' '}
          <StaleBadge node={n} generatedAt={data.generatedAt} pollIntervalSeconds={data.pollIntervalSeconds} /> <TruncatedBadge node={n} />{' '}
          <ClockSkewBadge node={n} />
        </li>
      ))}
    </ul>
  );
}
