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
  let i = 0;
  const n = text.length;
  while (i < n) {
    let field: string;
    if (text[i] === '"') {
      // Quoted field: runs to the next quote not followed by another quote.
      let out = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) throw new Error('unterminated quoted field');
        out += text.slice(j, q);
        if (text[q + 1] === '"') {
          out += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      field = out;
    } else {
      let j = i;
      while (j < n && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
      field = text.slice(i, j);
      i = j;
    }
    row.push(field);
    if (text[i] === ',') {
      i++;
      if (i === n) row.push('');
      continue;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n' || i >= n) {
      rows.push(row);
      row = [];
      i++;
    }
  }
  return rows;
}
