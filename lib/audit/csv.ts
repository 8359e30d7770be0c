// Audit entries as RFC 4180 CSV (CRLF, every field quoted when it needs to be). Cells that a
// spreadsheet would run as a formula (= + - @ at the start) get a leading apostrophe: the
// reason text is typed by users and must not become code in an admin's spreadsheet.
import type { AuditEntry } from './types';

const HEADER = ['id', 'time', 'user', 'client_address', 'action', 'pattern', 'command', 'nodes', 'reason', 'resume_at', 'state', 'finished_at', 'results'];

function cell(v: string | number | null): string {
  let s = v === null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function auditCsvHeader(): string {
  return `${HEADER.join(',')}\r\n`;
}

export function auditCsvRow(e: AuditEntry): string {
  const results = e.results
    .map((r) => `${r.node}: ${r.status}${r.verification ? ` (${r.verification.status})` : ''} – ${r.text}`)
    .join(' | ');
  return `${[e.id, iso(e.at), e.user, e.clientAddress, e.action, e.pattern, e.command, e.nodes.join(' '), e.reason, iso(e.resumeAt), e.state, iso(e.finishedAt), results].map(cell).join(',')}\r\n`;
}
