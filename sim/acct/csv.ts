// RFC 4180 CSV: fields with a comma, quote, CR or LF are quoted, quotes doubled.
// Lines end in LF, as PowerMTA writes them on Unix.

import { COLUMNS, type AcctRecord } from './columns';

export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(fields: readonly (string | number | undefined)[]): string {
  return `${fields.map(csvField).join(',')}\n`;
}

export const HEADER_LINE = csvLine(COLUMNS);

export function recordLine(record: AcctRecord): string {
  const r = record as Record<string, string | number | undefined>;
  return csvLine(COLUMNS.map((c) => r[c]));
}

/** Small RFC 4180 reader (used by tests and handy for scripts). Returns rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (ch === '"') { quoted = false; i++; continue; }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') { quoted = true; i++; continue; }
    if (ch === ',') { row.push(field); field = ''; i++; continue; }
    if (ch === '\r' && text[i + 1] === '\n') { i++; continue; }
    if (ch === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; continue; }
    field += ch;
    i++;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  if (quoted) throw new Error('unterminated quoted field');
  return rows;
}
