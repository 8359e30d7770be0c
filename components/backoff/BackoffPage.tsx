'use client';
import Link from 'next/link';
import { fmtClock, fmtInt } from '@/lib/format';
import { useBackoffQuery } from '@/lib/query/queues';
import { QueryState } from '@/components/ui/QueryState';
import { RelativeTime } from '@/components/ui/RelativeTime';
import { useUrlParams } from '@/components/ui/useUrlParams';

/** Queues shown per group before "… more"; the queue list shows them all. */
const SHOW = 25;

/** Queues in backoff, grouped by the provider signature of their last error. */
export function BackoffPage() {
  const [sp] = useUrlParams();
  const node = sp.get('node') || undefined;
  const q = useBackoffQuery(node);
  const groups = q.data?.groups ?? [];
  return (
    <div className="grid">
      <h1>Backoff board {node ? <span className="muted">on {node}</span> : null}</h1>
      <QueryState isPending={q.isPending} error={q.error} what="the backoff board">
        {q.data && groups.length === 0 ? <p className="panel muted">No queue is in backoff.</p> : null}
        {groups.map((g) => (
          <section key={g.signature} className="panel" data-testid={`backoff-group-${g.signature}`}>
            <h2 className="row">
              <span data-testid="backoff-group-label">{g.label}</span>
              <span className="badge" title="provider">
                {g.provider}
              </span>
              <span className="muted" style={{ fontWeight: 400 }}>
                <span data-testid="backoff-group-count">{fmtInt(g.queues.length)}</span> queue{g.queues.length === 1 ? '' : 's'} · {fmtInt(g.rcp)} rcpt
                {g.since !== null ? (
                  <>
                    {' '}
                    · since <RelativeTime at={g.since} />
                  </>
                ) : null}
              </span>
            </h2>
            <table className="data">
              <thead>
                <tr>
                  <th>Node</th>
                  <th>Queue</th>
                  <th className="num">Recipients</th>
                  <th>Since</th>
                  <th>Next retry (UTC)</th>
                  <th>Last error</th>
                </tr>
              </thead>
              <tbody>
                {g.queues.slice(0, SHOW).map((x) => (
                  <tr key={`${x.node}/${x.queue}`} data-testid="backoff-queue">
                    <td>{x.node}</td>
                    <td>
                      <Link prefetch={false} href={`/domains/${encodeURIComponent(x.domain.toLowerCase())}`}>
                        {x.domain}
                      </Link>
                      <span className="muted">/</span>
                      <Link prefetch={false} href={`/queues?q=${encodeURIComponent(x.queue)}&node=${encodeURIComponent(x.node)}`}>
                        {x.vmta}
                      </Link>
                    </td>
                    <td className="num">{fmtInt(x.rcp)}</td>
                    <td style={{ whiteSpace: 'nowrap' }}>{x.since !== null ? <RelativeTime at={x.since} /> : <span className="muted">–</span>}</td>
                    <td
                      className="muted"
                      style={{ whiteSpace: 'nowrap' }}
                      title={x.retryTime ? `${x.retryTime} (node time)` : undefined}
                      data-testid="backoff-next-retry"
                    >
                      {x.retryAt !== null ? fmtClock(x.retryAt) : (x.retryTime ?? '–')}
                    </td>
                    <td title={`${x.lastErrorTime ? `${x.lastErrorTime} (node time) ` : ''}${x.lastError ?? ''}`}>
                      <div className="ellipsis" style={{ maxWidth: 640 }}>
                        {x.lastError ?? '–'}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {g.queues.length > SHOW ? (
              <p className="muted">
                … and {fmtInt(g.queues.length - SHOW)} more:{' '}
                <Link prefetch={false} href={`/queues?mode=backoff${node ? `&node=${node}` : ''}`}>
                  all queues in backoff
                </Link>
              </p>
            ) : null}
          </section>
        ))}
      </QueryState>
    </div>
  );
}
