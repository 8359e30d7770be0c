'use client';
import { useQueueDetailQuery } from '@/lib/query/queues';
import { ShowAllButton, useCollapsed } from '@/components/ui/ShowAll';

const SHOW = 10;

/**
 * The last recipient events of one queue, fetched from the node on demand. PowerMTA keeps them
 * only with `track-recipient-events true` (guide §3.3.10.16, default false), so a node that does
 * not track them gets the directive to enable rather than an empty table.
 */
export function RecipientEvents({ node, queue }: { node: string; queue: string }) {
  const q = useQueueDetailQuery(node, queue);
  const c = useCollapsed(q.data?.queue.recipientEvents ?? [], SHOW);
  if (q.isPending) return <p className="muted">loading recipient events of {queue}…</p>;
  if (q.error && !q.data)
    return (
      <p className="muted">
        Recipient events of {queue} are unavailable: {(q.error as Error).message}
      </p>
    );
  const d = q.data!.queue;
  if (!d.recipientEventsTracked) {
    return (
      <p className="muted" data-testid="recipient-events-off">
        {node} does not track recipient events for {queue}. PowerMTA keeps the last 50 deliveries, bounces and deferrals per queue only with{' '}
        <code>track-recipient-events true</code> in the queue&apos;s <code>&lt;domain&gt;</code> block (guide §3.3.10.16; default false), then{' '}
        <code>pmta reload</code>.
      </p>
    );
  }
  if (d.recipientEvents.length === 0) return <p className="muted">No recipient events on {queue} yet.</p>;
  return (
    <>
      <table className="data" data-testid="recipient-events">
        <caption className="muted">
          {node} · {queue} (node time)
        </caption>
        <thead>
          <tr>
            <th>Time</th>
            <th>Type</th>
            <th>Recipient</th>
            <th>Remote MTA</th>
            <th>Diagnostic</th>
          </tr>
        </thead>
        <tbody>
          {c.shown.map((e, i) => (
            <tr key={`${e.time}/${i}`}>
              <td style={{ whiteSpace: 'nowrap' }}>{e.time ?? '–'}</td>
              <td>{e.type ?? '–'}</td>
              <td>{e.rcpt ?? '–'}</td>
              <td>{e.remoteMta ?? '–'}</td>
              <td className="ellipsis" style={{ maxWidth: 420 }} title={e.diag ?? undefined}>
                {e.diag ?? '–'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ShowAllButton c={c} what="events" testId="show-all-events" />
    </>
  );
}
