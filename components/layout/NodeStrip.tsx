'use client';
import type { NodesResponse } from '@/lib/api/responses';
import { HealthBadge } from '@/components/ui/HealthBadge';
import { RelativeTime } from '@/components/ui/RelativeTime';
import { ClockSkewBadge, TruncatedBadge } from '@/components/ui/NodeInstallBadges';
import { StaleBadge } from '@/components/ui/StaleBadge';

/** Every node's health, the age of its data and, when old, since when — on every page. */
export function NodeStrip({ data }: { data: NodesResponse }) {
  return (
    <ul className="node-strip" data-testid="node-strip" aria-label="Node health">
      {data.nodes.map((n) => (
        <li key={n.id} data-testid={`node-chip-${n.id}`} title={`${n.address}${n.health.message ? ` · ${n.health.message}` : ''}`}>
          <strong>{n.name}</strong> <HealthBadge health={n.health} />{' '}
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
