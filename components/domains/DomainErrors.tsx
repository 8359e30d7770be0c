'use client';
import type { DomainView } from '@/lib/api/responses';
import { RelativeTime } from '@/components/ui/RelativeTime';

const SHOW = 30;

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
        {errors.slice(0, SHOW).map((e, i) => (
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
