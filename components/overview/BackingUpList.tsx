'use client';
import Link from 'next/link';
import type { BackingUpVerdict } from '@/lib/api/responses';
import { fmtInt } from '@/lib/format';

/** Flagged (node, domain) pairs with every reason the rule gave, largest backlog first. */
export function BackingUpList({ verdicts, link = true }: { verdicts: BackingUpVerdict[]; link?: boolean }) {
  if (verdicts.length === 0) return <p className="muted">No domain is backing up.</p>;
  return (
    <ul className="grid" style={{ listStyle: 'none', margin: 0, padding: 0, gap: 8 }} data-testid="backing-up">
      {verdicts.map((v) => (
        <li key={`${v.node}/${v.domain}`} data-testid={`backing-up-${v.domain}`}>
          {link ? (
            <Link prefetch={false} href={`/domains/${encodeURIComponent(v.domain)}`}>
              {v.domain}
            </Link>
          ) : (
            <strong>{v.domain}</strong>
          )}{' '}
          <span className="muted">on {v.node}</span> · {fmtInt(v.rcp)} rcpt
          {v.growth !== null ? (
            <span className="badge warn" style={{ marginLeft: 6 }}>
              +{fmtInt(v.growth)}
            </span>
          ) : null}
          <ul className="reasons" data-testid="backing-up-reasons">
            {v.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
