'use client';
import Link from 'next/link';
import type { QueueRow } from '@/lib/queue-store/queue-query';
import { fmtInt, fmtKb } from '@/lib/format';
import { QueueActions } from '@/components/actions/QueueActions';

/** One queue's cells, in column order (see QUEUE_COLUMNS in VirtualQueueTable). */
export function QueueCells({ r }: { r: QueueRow }) {
  const err = r.events.find((e) => e.type === null || e.type === 'error');
  return (
    <>
      <td data-col="node">{r.node}</td>
      <td data-col="domain">
        <Link prefetch={false} href={`/domains/${encodeURIComponent(r.domain.toLowerCase())}`}>{r.domain}</Link>
      </td>
      <td data-col="vmta">{r.vmta}</td>
      <td className="num" data-col="rcp">{fmtInt(r.rcp)}</td>
      <td className="num" data-col="kb">{fmtKb(r.kb)}</td>
      <td className="num" data-col="conn">{fmtInt(r.conn)}</td>
      <td data-col="mode">{r.mode === 'backoff' ? <span className="badge warn">backoff</span> : (r.mode ?? '–')}</td>
      <td data-col="paused">{r.paused ? <span className="badge danger">paused</span> : r.paused === false ? 'no' : '–'}</td>
      <td data-col="retryTime" className="muted" title="node time">{r.retryTime ?? '–'}</td>
      <td data-col="error" className="ellipsis" title={err ? `${err.time ?? ''} ${err.text}` : undefined}>
        {err ? err.text : <span className="muted">–</span>}
      </td>
      <td data-col="actions">
        <QueueActions node={r.node} queue={r.name} />
      </td>
    </>
  );
}
