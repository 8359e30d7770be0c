'use client';
import type { DomainView } from '@/lib/api/responses';
import { RelativeTime } from '@/components/ui/RelativeTime';

const SHOW = 30;

type DomainErrorRow = DomainView['errors'][number];

/**
 * The newest errors (errors arrive newest first), but never without each node's newest error
 * of each signature: a node whose clock or traffic makes its errors older must not vanish
 * behind a busier node's newer ones — its 4.7.28 is the one the operator is looking for.
 */
export function visibleErrors(errors: readonly DomainErrorRow[], show = SHOW): DomainErrorRow[] {
  const seen = new Set<string>();
  const keep = new Set<number>();
  errors.forEach((e, i) => {
    const key = `${e.node}\n${e.signature}`;
    if (!seen.has(key)) {
      seen.add(key);
      keep.add(i);
    }
  });
  for (let i = 0; i < errors.length && keep.size < show; i++) keep.add(i);
  return errors.filter((_, i) => keep.has(i));
}

/** The domain's latest queue errors across nodes, newest first, with their provider signature. */
export function DomainErrors({ errors }: { errors: DomainView['errors'] }) {
  if (errors.length === 0) return <p className="muted">No errors reported for this domain.</p>;
  return (
    <table className="data" data-testid="domain-errors">
      <thead>
        <tr>
          <th>When</th>
          <th>Node</th>
          <th>Queue</th>
          <th>Signature</th>
          <th>Error</th>
        </tr>
      </thead>
      <tbody>
        {visibleErrors(errors).map((e, i) => (
          <tr key={`${e.node}/${e.queue}/${e.time}/${i}`} data-testid="domain-error">
            <td>{e.at !== null ? <RelativeTime at={e.at} /> : (e.time ?? '–')}</td>
            <td>{e.node}</td>
            <td>{e.queue}</td>
            <td>
              <span className="badge" title={e.signature}>
                {e.label}
              </span>
            </td>
            <td>{e.text}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
