import 'server-only';
// The process's one audit log, on the console's SQLite file (config `store.path`).
import { getConfig } from '@/lib/config/load';
import { sharedDatabase } from '@/lib/store/db';
import { AuditLog } from './audit-log';
import type { AuditFilter } from './audit-log';
import type { AuditAnnotation, AuditEntry } from './types';

const g = globalThis as typeof globalThis & { __pmtaAuditLog?: AuditLog };

export function getAuditLog(): AuditLog {
  g.__pmtaAuditLog ??= new AuditLog(sharedDatabase(getConfig().store.path));
  return g.__pmtaAuditLog;
}

/** Tests only: use this log (e.g. on ':memory:') instead of the configured file. */
export function setAuditLogForTesting(log: AuditLog | undefined): void {
  g.__pmtaAuditLog = log;
}

/** For other features: audit entries, newest first. */
export function listAuditEntries(f: AuditFilter = {}): AuditEntry[] {
  return getAuditLog().list(f);
}

/**
 * For charts: `{ at, user, action, pattern, nodes }` of every action whose pattern can touch
 * `domain` (its own and `*` patterns), oldest first. Fits history's AnnotationSource.
 */
export function auditAnnotations(q: { domain?: string; from: number; to: number }): AuditAnnotation[] {
  return getAuditLog().annotations(q);
}
