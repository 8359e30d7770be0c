import { describe, expect, it } from 'vitest';
import { openStore } from '@/lib/store/store';
import { AuditLog } from '@/lib/audit/audit-log';
import { ScheduledResumes } from '@/lib/actions/scheduled-resumes';
import type { BackingUpVerdict } from './backing-up';
import { splitConsolePauses } from './console-pauses';

const verdict = (node: string, domain: string, pausedQueues: number): BackingUpVerdict => ({
  node,
  domain,
  backingUp: true,
  rcp: 500,
  severity: 500,
  growth: null,
  reasons: [],
  signals: { noConnections: true, backoffQueues: 0, pausedQueues, backoffSince: null, nextRetryAt: null, lastError: null, recentError: false },
});

async function logAction(audit: AuditLog, action: 'pause' | 'resume', pattern: string, node: string, at: number, user = 'alice', reason: string | null = null) {
  const id = await audit.start({
    at,
    user,
    clientAddress: '127.0.0.1',
    action,
    pattern,
    command: `${action} queue ${pattern}`,
    nodes: [node],
    reason,
    resumeAt: null,
  });
  await audit.finish(id, 'completed', [{ node, status: 'ok', text: 'ok', verification: null }], at);
  return id;
}

describe('splitConsolePauses', () => {
  it('lists a domain paused here as "paused by", keeps others (and ones resumed since, or paused elsewhere) as backing up', async () => {
    const store = openStore({ kind: 'sqlite', path: ':memory:' });
    const audit = new AuditLog(store);
    const resumes = new ScheduledResumes(store);
    const paused = await logAction(audit, 'pause', 'gmail.com/*', 'pmta1', 1000, 'alice', 'provider asked');
    await resumes.add({ auditId: paused, pattern: 'gmail.com/*', nodes: ['pmta1'], resumeAt: 5000, scheduledBy: 'alice', now: 1000 });
    await logAction(audit, 'pause', 'yahoo.com/*', 'pmta1', 1000);
    await logAction(audit, 'resume', 'yahoo.com/*', 'pmta1', 2000);
    const r = await splitConsolePauses(
      [verdict('pmta1', 'gmail.com', 3), verdict('pmta2', 'gmail.com', 3), verdict('pmta1', 'yahoo.com', 2), verdict('pmta1', 'aol.com', 0)],
      audit,
      resumes,
    );
    expect(r.pausedByConsole).toEqual([{ node: 'pmta1', domain: 'gmail.com', rcp: 500, user: 'alice', at: 1000, reason: 'provider asked', resumeAt: 5000 }]);
    expect(r.backingUp.map((v) => `${v.node}/${v.domain}`)).toEqual(['pmta2/gmail.com', 'pmta1/yahoo.com', 'pmta1/aol.com']);
    await store.close();
  });
});
