'use client';
import { useState } from 'react';
import type { DomainView } from '@/lib/api/responses';
import { fmtInt } from '@/lib/format';
import { RelativeTime } from '@/components/ui/RelativeTime';

/** Errors shown per provider signature until "show all" is clicked. */
const SHOW = 10;

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

/**
 * The domain's latest queue errors across nodes, grouped by provider signature (as the backoff
 * board does): each group says how many, shows its newest ten, and expands on demand — the same
 * SMTP text repeated on every queue is one group, not a screen of rows.
 */
export function DomainErrors({ errors }: { errors: DomainView['errors'] }) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  if (errors.length === 0) return <p className="muted">No errors reported for this domain.</p>;
  // Errors arrive newest first; a Map keeps the groups in order of their newest error.
  const groups = new Map<string, DomainErrorRow[]>();
  for (const e of errors) {
    const g = groups.get(e.signature);
    if (g) g.push(e);
    else groups.set(e.signature, [e]);
  }
  const toggle = (sig: string) => setOpen((s) => (s.has(sig) ? new Set([...s].filter((x) => x !== sig)) : new Set([...s, sig])));
  return (
    <table className="data" data-testid="domain-errors">
      <thead>
        <tr>
          <th>When</th>
          <th>Node</th>
          <th>Queue</th>
          <th>Error</th>
        </tr>
      </thead>
      {[...groups].map(([sig, list]) => {
        const all = open.has(sig);
        return (
          <tbody key={sig} data-testid="domain-error-group">
            <tr>
              <th colSpan={4} style={{ textAlign: 'left' }}>
                <span className="badge" title={sig}>
                  {list[0]!.label}
                </span>{' '}
                <span data-testid="domain-error-count">{fmtInt(list.length)}</span> error{list.length === 1 ? '' : 's'}
                {list.length > SHOW ? (
                  <>
                    {' '}
                    <button type="button" className="small" onClick={() => toggle(sig)} aria-expanded={all}>
                      {all ? `show newest ${SHOW}` : `show all ${fmtInt(list.length)}`}
                    </button>
                  </>
                ) : null}
              </th>
            </tr>
            {(all ? list : visibleErrors(list)).map((e, i) => (
              <tr key={`${e.node}/${e.queue}/${e.time}/${i}`} data-testid="domain-error">
                <td>{e.at !== null ? <RelativeTime at={e.at} /> : (e.time ?? '–')}</td>
                <td>{e.node}</td>
                <td>{e.queue}</td>
                <td className="ellipsis" style={{ maxWidth: 640 }} title={e.text}>
                  {e.text}
                </td>
              </tr>
            ))}
          </tbody>
        );
      })}
    </table>
  );
}
