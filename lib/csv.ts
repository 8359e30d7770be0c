// The one CSV cell writer of every export (queues, audit log, bounces): RFC 4180 (fields with
// commas, quotes or line breaks quoted, quotes doubled; lines end in CRLF) and formula-safe:
// text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR first — a remote
// server's error text, a reason typed by a user) gets a leading `'`, so opening an export in
// Excel cannot execute anything. Numbers and booleans are data and stay as they are.

export type CsvValue = string | number | boolean | null | undefined;

export function csvCell(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line (CRLF-terminated). */
export function csvLine(cells: readonly CsvValue[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
