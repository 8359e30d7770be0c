'use client';
import Link from 'next/link';
import type { DomainView } from '@/lib/api/responses';
import { fmtInt, fmtKb } from '@/lib/format';
import { QueueActions } from '@/components/actions/QueueActions';
import { RelativeTime } from '@/components/ui/RelativeTime';
import { NodeStale } from '@/components/ui/NodeStale';
import { BackoffReason } from './BackoffReason';
import { ShowAllButton, useCollapsed } from '@/components/ui/ShowAll';

/** Backoff reasons are fetched per queue from the node: at most this many, largest backlogs first. */
const MAX_REASONS = 10;
/** Queue rows shown before "show all". */
const SHOW_QUEUES = 20;

export function DomainQueues({ queues }: { queues: DomainView['queues'] }) {
  const withReason = new Set(
    queues
      .filter((q) => q.mode === 'backoff')
      .slice(0, MAX_REASONS)
      .map((q) => `${q.node}\n${q.name}`),
  );
  const c = useCollapsed(queues, SHOW_QUEUES);
  return (
    <>
      <table className="data" data-testid="domain-queues">
        <thead>
          <tr>
            <th>Node</th>
            <th>vMTA</th>
            <th className="num">Recipients</th>
            <th className="num">Size</th>
            <th className="num">Conn</th>
            <th>Mode</th>
            <th>Next retry</th>
            <th>Backoff reason / last error</th>
            <th className="act-control">Act</th>
          </tr>
        </thead>
        <tbody>
          {c.shown.map((q) => {
            const err = q.events.find((e) => e.type === null || e.type === 'error');
            return (
              <tr key={`${q.node}/${q.name}`} data-testid="domain-queue-row">
                <td>
                  {q.node} <NodeStale node={q.node} />
                </td>
                <td>
                  <Link prefetch={false} href={`/queues?q=${encodeURIComponent(q.name)}&node=${encodeURIComponent(q.node)}`}>
                    {q.vmta}
                  </Link>
                </td>
                <td className="num">{fmtInt(q.rcp)}</td>
                <td className="num">{fmtKb(q.kb)}</td>
                <td className="num">{fmtInt(q.conn)}</td>
                <td>
                  {q.mode === 'backoff' ? <span className="badge warn">backoff</span> : (q.mode ?? '–')}{' '}
                  {q.paused ? <span className="badge danger">paused</span> : null}
                </td>
                <td
                  className="muted"
                  style={{ whiteSpace: 'nowrap' }}
                  title={q.retryTime ? `${q.retryTime} node time` : undefined}
                  data-testid="queue-next-retry"
                >
                  {q.retryAt !== null ? <RelativeTime at={q.retryAt} /> : (q.retryTime ?? '–')}
                </td>
                <td>
                  {withReason.has(`${q.node}\n${q.name}`) ? (
                    <div className="ellipsis" style={{ maxWidth: 560 }}>
                      <BackoffReason node={q.node} queue={q.name} />
                    </div>
                  ) : null}
                  {err ? (
                    <div
                      className="muted ellipsis"
                      style={{ maxWidth: 560 }}
                      title={`${err.time ?? ''} (node time) ${err.text}`}
                      data-testid="queue-last-error"
                    >
                      {q.lastErrorAt !== null ? (
                        <>
                          <RelativeTime at={q.lastErrorAt} />:{' '}
                        </>
                      ) : null}
                      {err.text}
                    </div>
                  ) : null}
                </td>
                <td className="act-control">
                  <QueueActions node={q.node} queue={q.name} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ShowAllButton c={c} what="queues" testId="show-all-queues" />
    </>
  );
}
