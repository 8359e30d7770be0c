'use client';
import { useQueueDetailQuery } from '@/lib/query/queues';

/** PowerMTA's backoff reason for one queue, fetched from the node on demand (queue detail is not polled). */
export function BackoffReason({ node, queue }: { node: string; queue: string }) {
  const q = useQueueDetailQuery(node, queue);
  if (q.isPending) return <span className="muted">loading…</span>;
  if (q.error && !q.data)
    return (
      <span className="muted" title={String((q.error as Error).message)}>
        unavailable
      </span>
    );
  const reason = q.data?.queue.backoffReason ?? null;
  return (
    <span data-testid="backoff-reason" title={reason ?? undefined}>
      <span className="badge warn">reason</span> {reason ?? '–'}
    </span>
  );
}
