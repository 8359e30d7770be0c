'use client';
// Pending automatic resumes that touch a domain, or one queue on one node: the
// "paused until 14:00" marker.
import type { ScheduledResume } from '@/lib/actions/types';
import { fmtExact, fmtTime } from '@/lib/format';
import { queueMatchesPattern } from '@/lib/pmta/commands';
import { useScheduledResumesQuery } from '@/lib/query/actions';

export function resumesFor(list: ScheduledResume[] | undefined, f: { domain?: string; node?: string; queue?: string }): ScheduledResume[] {
  return (list ?? []).filter((r) => {
    if (f.node && !r.nodes.includes(f.node)) return false;
    if (f.queue) return queueMatchesPattern(f.queue, r.pattern);
    const d = r.pattern.split('/')[0]!;
    return !f.domain || d === '*' || d.toLowerCase() === f.domain.toLowerCase();
  });
}

export function DomainScheduledResumes({ domain }: { domain: string }) {
  const list = resumesFor(useScheduledResumesQuery().data?.resumes, { domain });
  if (!list.length) return null;
  return (
    <ul className="reasons" data-testid="scheduled-resumes">
      {list.map((r) => (
        <li key={r.id}>
          <code>{r.pattern}</code> paused until <time title={fmtExact(r.resumeAt)}>{fmtTime(r.resumeAt)}</time> on {r.nodes.join(', ')} (by {r.scheduledBy};
          pause again to keep it paused)
        </li>
      ))}
    </ul>
  );
}
