import type { NodeView } from '@/lib/api/responses';

const CLASS = { ok: 'ok', stale: 'warn', down: 'danger' } as const;

export function HealthBadge({ health }: { health: NodeView['health'] }) {
  return (
    <span className={`badge ${CLASS[health.state]}`} title={health.message ?? undefined} data-testid="health-badge">
      {health.state}
      {health.reason && health.state !== 'ok' ? `: ${health.reason}` : ''}
    </span>
  );
}
