'use client';
// The action state of one queue row: "pausing…" while an action that covers it is in flight,
// "paused until 14:00" while a time-boxed pause is pending its automatic resume.
import { queueMatchesPattern } from '@/lib/pmta/commands';
import { fmtExact, fmtTime } from '@/lib/format';
import { usePendingActionsState, useScheduledResumesQuery, type ActionBody } from '@/lib/query/actions';
import { resumesFor } from './ScheduledResumes';

const PENDING_WORD = { pause: 'pausing…', resume: 'resuming…', retry: 'retrying…', 'reset-backoff': 'resetting…' } as const;

function covers(b: ActionBody, node: string, queue: string): boolean {
  try {
    return (b.nodes === 'all' || b.nodes.includes(node)) && queueMatchesPattern(queue, b.pattern);
  } catch {
    return false;
  }
}

export function QueueActionState({ node, queue }: { node: string; queue: string }) {
  const pending = usePendingActionsState().find((b) => covers(b, node, queue));
  const resume = resumesFor(useScheduledResumesQuery().data?.resumes, { node, queue })[0];
  if (pending)
    return (
      <span className="badge warn" data-testid="queue-action-state">
        {PENDING_WORD[pending.action]}
      </span>
    );
  if (resume) {
    return (
      <span className="badge" data-testid="queue-action-state" title={`automatic resume ${fmtExact(resume.resumeAt)} (scheduled by ${resume.scheduledBy})`}>
        paused until {fmtTime(resume.resumeAt)}
      </span>
    );
  }
  return null;
}
