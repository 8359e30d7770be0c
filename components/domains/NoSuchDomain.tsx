'use client';
// The drill-down of a domain no node has a queue for (usually a typo in the search): say so,
// offer the closest domains that do have queues, and show no actions — there is nothing to act on.
import Link from 'next/link';
import { useDomainSuggestionsQuery } from '@/lib/query/queues';

export function NoSuchDomain({ domain }: { domain: string }) {
  const q = useDomainSuggestionsQuery(domain, true);
  const matches = q.data?.matches ?? [];
  return (
    <section className="panel" data-testid="no-such-domain">
      <p>
        <strong>No queues for this domain on any node.</strong>{' '}
        <span className="muted">PowerMTA lists a queue once it has recipients for it; check the spelling.</span>
      </p>
      {matches.length ? (
        <p data-testid="domain-suggestions">
          Closest domains with queues:{' '}
          {matches.map((m, i) => (
            <span key={m}>
              {i > 0 ? ', ' : ''}
              <Link prefetch={false} href={`/domains/${encodeURIComponent(m)}`}>
                {m}
              </Link>
            </span>
          ))}
        </p>
      ) : q.isSuccess ? (
        <p className="muted">No similar domain has queues either.</p>
      ) : null}
    </section>
  );
}
