'use client';
// Pending automatic resumes that touch a domain, or one queue on one node: the
// "paused until 14:00" marker.
import type { ScheduledResume } from '@/lib/actions/types';
import { fmtExact, fmtTime } from '@/lib/format';
import { queueMatchesPattern } from '@/lib/pmta/commands';
import { useCancelResumeMutation, useQueueActionMutation, useScheduledResumesQuery } from '@/lib/query/actions';
import { useActDenial } from '@/lib/query/session';
import { useNow } from '@/components/ui/RelativeTime';

/** "resumes in 14 min" / "resumes in 2 h 05 min"; "resuming now" once due. */
export function resumesIn(at: number, now = Date.now()): string {
  const min = Math.ceil((at - now) / 60_000);
  if (min <= 0) return 'resuming now';
  if (min < 60) return `resumes in ${min} min`;
  return `resumes in ${Math.floor(min / 60)} h ${String(min % 60).padStart(2, '0')} min`;
}

export function resumesFor(list: ScheduledResume[] | undefined, f: { domain?: string; node?: string; queue?: string }): ScheduledResume[] {
  return (list ?? []).filter((r) => {
    if (f.node && !r.nodes.includes(f.node)) return false;
    if (f.queue) return queueMatchesPattern(f.queue, r.pattern);
    const d = r.pattern.split('/')[0]!;
    return !f.domain || d === '*' || d.toLowerCase() === f.domain.toLowerCase();
  });
}

const EXTEND_MS = 3_600_000;

export function DomainScheduledResumes({ domain }: { domain: string }) {
  const list = resumesFor(useScheduledResumesQuery().data?.resumes, { domain });
  const { denial } = useActDenial();
  const cancel = useCancelResumeMutation();
  const extend = useQueueActionMutation();
  const now = useNow();
  if (!list.length) return null;
  const busy = cancel.isPending || extend.isPending;
  return (
    <ul className="reasons" data-testid="scheduled-resumes">
      {list.map((r) => (
        <li key={r.id} data-testid={`scheduled-resume-${r.id}`}>
          <code>{r.pattern}</code> paused on {r.nodes.join(', ')} until <time title={fmtExact(r.resumeAt)}>{fmtTime(r.resumeAt)} UTC</time> —{' '}
          <strong data-testid="resumes-in" suppressHydrationWarning>
            {resumesIn(r.resumeAt, now)}
          </strong>{' '}
          <span className="muted">(by {r.scheduledBy})</span>{' '}
          {/* Extending is a new time-boxed pause of the same target: it supersedes this resume (audited). */}
          <button
            type="button"
            className="small"
            disabled={!!denial || busy}
            title={denial ?? 'keep it paused one hour longer'}
            data-testid="resume-extend"
            onClick={() =>
              extend.mutate({
                action: 'pause',
                pattern: r.pattern,
                nodes: r.nodes,
                includeDown: r.nodes,
                confirm: r.pattern,
                reason: `extend time-boxed pause #${r.id}`,
                resumeAt: new Date(r.resumeAt + EXTEND_MS).toISOString(),
              })
            }
          >
            extend 1 h
          </button>{' '}
          <button
            type="button"
            className="small"
            disabled={!!denial || busy}
            title={denial ?? 'cancel the automatic resume: it stays paused until resumed by hand'}
            data-testid="resume-cancel"
            onClick={() => cancel.mutate(r.id)}
          >
            cancel auto-resume
          </button>
        </li>
      ))}
    </ul>
  );
}
