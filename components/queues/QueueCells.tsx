'use client';
import Link from 'next/link';
import type { QueueRow } from '@/lib/queue-store/queue-query';
import { fmtClock, fmtExact, fmtInt, fmtKb } from '@/lib/format';
import type { NodeClock } from '@/lib/fleet/node-clock';
import { parsePmtaTime } from '@/lib/read-models/pmta-time';
import { QueueActions } from '@/components/actions/QueueActions';

/** One queue's cells, in column order (see QUEUE_COLUMNS in VirtualQueueTable). `clock` is the
 * row's node clock (from /api/nodes), which turns the node-printed retry time into UTC. */
export function QueueCells({ r, clock }: { r: QueueRow; clock: Pick<NodeClock, 'offsetMs'> | null | undefined }) {
  const err = r.events.find((e) => e.type === null || e.type === 'error');
  // Without the node's clock the printed time cannot be placed in UTC: show it as the node printed it.
  const retryAt = clock ? parsePmtaTime(r.retryTime, clock) : null;
  return (
    <>
      <td data-col="node">{r.node}</td>
      <td data-col="domain">
        <Link prefetch={false} href={`/domains/${encodeURIComponent(r.domain.toLowerCase())}`}>
          {r.domain}
        </Link>
      </td>
      <td data-col="vmta">{r.vmta}</td>
      <td className="num" data-col="rcp">
        {fmtInt(r.rcp)}
      </td>
      <td className="num" data-col="kb">
        {fmtKb(r.kb)}
      </td>
      <td className="num" data-col="conn">
        {fmtInt(r.conn)}
      </td>
      <td data-col="mode">{r.mode === 'backoff' ? <span className="badge warn">backoff</span> : (r.mode ?? '–')}</td>
      <td data-col="paused">{r.paused ? <span className="badge danger">paused</span> : r.paused === false ? 'no' : '–'}</td>
      <td data-col="retryTime" className="muted num" title={retryAt !== null ? fmtExact(retryAt) : r.retryTime ? `${r.retryTime} (node time)` : undefined}>
        {retryAt !== null ? fmtClock(retryAt) : r.retryTime || '–'}
      </td>
      <td data-col="error" className="ellipsis" title={err ? `${err.time ?? ''} ${err.text}` : undefined}>
        {err ? err.text : <span className="muted">–</span>}
      </td>
      <td data-col="actions">
        <QueueActions node={r.node} queue={r.name} />
      </td>
    </>
  );
}
