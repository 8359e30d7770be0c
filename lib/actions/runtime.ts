import 'server-only';
// The process's action machinery: the fleet, the audit log and the resume schedule on the
// console's SQLite file, and the one scheduler (started from instrumentation-node.ts).
import { getAuditLog } from '@/lib/audit/runtime';
import { getFleet } from '@/lib/fleet/fleet';
import type { ActionDeps } from './execute';
import { ScheduledResumes } from './scheduled-resumes';
import { ResumeScheduler } from './scheduler';

const g = globalThis as typeof globalThis & { __pmtaActions?: ActionDeps; __pmtaResumeScheduler?: ResumeScheduler };

export function getActionDeps(): ActionDeps {
  if (!g.__pmtaActions) {
    const audit = getAuditLog();
    g.__pmtaActions = { fleet: getFleet(), audit, resumes: new ScheduledResumes(audit.db) };
  }
  return g.__pmtaActions;
}

/** Tests only: route handlers use these instead of the configured fleet and store. */
export function setActionDepsForTesting(deps: ActionDeps | undefined): void {
  g.__pmtaActions = deps;
}

/** Start the resume scheduler once per process (dev reloads keep the first). */
export function startActionScheduler(): ResumeScheduler {
  g.__pmtaResumeScheduler ??= new ResumeScheduler(getActionDeps());
  g.__pmtaResumeScheduler.start();
  return g.__pmtaResumeScheduler;
}
