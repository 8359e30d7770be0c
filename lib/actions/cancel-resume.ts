import 'server-only';
// Cancelling a time-boxed pause's pending automatic resume: the queues stay paused until an
// operator resumes them. Nothing is sent to PowerMTA; the cancellation is audited (action
// `cancel-resume`) in the same transaction that drops the schedule, so the log never claims a
// cancel that did not happen, nor misses one that did.
import { DomainError } from '@/lib/domain-error';
import type { ActionDeps } from './execute';
import type { ScheduledResume } from './types';

export interface CancelResumeResult {
  auditId: number;
  cancelled: ScheduledResume;
}

export async function cancelScheduledResume(
  deps: ActionDeps,
  input: { id: number; user: string; clientAddress: string; reason?: string | null },
): Promise<CancelResumeResult> {
  const now = (deps.now ?? Date.now)();
  const r = await deps.resumes.get(input.id);
  if (!r) throw new DomainError('not_found', `no scheduled resume #${input.id}`);
  let auditId = 0;
  await deps.audit.store.transaction(async () => {
    // Settled first: a resume that already ran (or was superseded) is a conflict, and nothing is logged.
    if (!(await deps.resumes.settle(r.id, 'cancelled', now)))
      throw new DomainError('conflict', `scheduled resume #${r.id} is no longer pending (already resumed, superseded or cancelled)`);
    auditId = await deps.audit.start({
      at: now,
      user: input.user,
      clientAddress: input.clientAddress,
      action: 'cancel-resume',
      pattern: r.pattern,
      command: `(none: automatic resume #${r.id} cancelled, the queues stay paused)`,
      nodes: r.nodes,
      reason: input.reason?.trim() || null,
      resumeAt: r.resumeAt,
    });
    await deps.audit.finish(auditId, 'completed', [], now);
  });
  return { auditId, cancelled: r };
}
