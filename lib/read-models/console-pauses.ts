import 'server-only';
// Which flagged (node, domain) pairs are paused because an operator paused them from this
// console: the backing-up list shows them as "paused by alice until 18:19 (reason)" instead of
// as new backing-up domains. Read from the audit log (the newest pause or resume of a pattern
// covering the domain decides) and the pending automatic resumes.
import type { AuditLog } from '@/lib/audit/audit-log';
import type { ScheduledResumes } from '@/lib/actions/scheduled-resumes';
import type { BackingUpVerdict } from './backing-up';

export interface ConsolePause {
  node: string;
  domain: string;
  rcp: number;
  user: string;
  at: number;
  reason: string | null;
  /** When it resumes by itself, null for an open-ended pause. */
  resumeAt: number | null;
}

/** How many audit entries per domain are read to find the newest pause/resume (bounded). */
const LOOKBACK = 50;

export async function splitConsolePauses(
  verdicts: BackingUpVerdict[],
  audit: AuditLog,
  resumes: ScheduledResumes,
): Promise<{ backingUp: BackingUpVerdict[]; pausedByConsole: ConsolePause[] }> {
  const backingUp: BackingUpVerdict[] = [];
  const pausedByConsole: ConsolePause[] = [];
  const pending = await resumes.pending();
  const byDomain = new Map<string, Awaited<ReturnType<AuditLog['list']>>>();
  for (const v of verdicts) {
    if (v.signals.pausedQueues === 0) {
      backingUp.push(v);
      continue;
    }
    let entries = byDomain.get(v.domain);
    if (!entries) byDomain.set(v.domain, (entries = await audit.list({ domain: v.domain, limit: LOOKBACK })));
    // Newest first: the first pause/resume that reached this node decides.
    const last = entries.find((e) => (e.action === 'pause' || e.action === 'resume') && e.results.some((r) => r.node === v.node && r.status === 'ok'));
    if (!last || last.action !== 'pause') {
      backingUp.push(v);
      continue;
    }
    const resume = pending.find((r) => r.pattern === last.pattern && r.nodes.includes(v.node));
    pausedByConsole.push({ node: v.node, domain: v.domain, rcp: v.rcp, user: last.user, at: last.at, reason: last.reason, resumeAt: resume?.resumeAt ?? null });
  }
  return { backingUp, pausedByConsole };
}
