// CSV of queue rows (RFC 4180: comma-separated, CRLF line ends, fields with commas, quotes or
// line breaks quoted, quotes doubled). Text that a spreadsheet would run as a formula (a
// remote server's error text starting with `=`, `+`, `-`, `@`) gets a leading `'`, so opening
// an export in Excel cannot execute anything.
import type { QueueRow } from './queue-query';

const QUEUE_CSV_COLUMNS = ['node', 'queue', 'domain', 'vmta', 'rcp', 'kb', 'conn', 'mode', 'paused', 'retryTime', 'lastError', 'lastErrorTime'] as const;

export function csvField(v: string | number | boolean | null | undefined, text = true): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (text && typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvHeader(): string {
  return `${QUEUE_CSV_COLUMNS.join(',')}\r\n`;
}

export function queueCsvLine(r: QueueRow): string {
  const err = r.events.find((e) => e.type === null || e.type === 'error') ?? null;
  return (
    [
      csvField(r.node),
      csvField(r.name),
      csvField(r.domain),
      csvField(r.vmta),
      csvField(r.rcp),
      csvField(r.kb),
      csvField(r.conn),
      csvField(r.mode),
      csvField(r.paused),
      csvField(r.retryTime),
      csvField(err?.text),
      csvField(err?.time),
    ].join(',') + '\r\n'
  );
}
