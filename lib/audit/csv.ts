// Audit entries as CSV; cells written by lib/csv.ts (RFC 4180, formula-safe: the reason text
// is typed by users and must not become code in an admin's spreadsheet).
import { csvLine } from '@/lib/csv';
import type { AuditEntry } from './types';

const HEADER = ['id', 'time', 'user', 'client_address', 'action', 'pattern', 'command', 'nodes', 'reason', 'resume_at', 'state', 'finished_at', 'results'];

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function auditCsvHeader(): string {
  return `${HEADER.join(',')}\r\n`;
}

export function auditCsvRow(e: AuditEntry): string {
  const results = e.results.map((r) => `${r.node}: ${r.status}${r.verification ? ` (${r.verification.status})` : ''} – ${r.text}`).join(' | ');
  return csvLine([
    e.id,
    iso(e.at),
    e.user,
    e.clientAddress,
    e.action,
    e.pattern,
    e.command,
    e.nodes.join(' '),
    e.reason,
    iso(e.resumeAt),
    e.state,
    iso(e.finishedAt),
    results,
  ]);
}
