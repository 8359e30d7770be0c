// The ingester's lean CSV scan (only the columns counting reads are copied out of a row, rows
// are decoded as latin1 with UTF-8 rows read again) against the full reader and parser it
// replaces: the same rows, offsets, lines, typed fields, rejects, samples and counts, for
// every split of awkward files (BOM, CRLF, multi-byte and invalid UTF-8, quoted fields with
// newlines in skipped columns, headers that change mid-stream, unterminated quotes).
import { describe, expect, it } from 'vitest';
import { CsvReader, wholeRow, type ColumnFilter, type CsvRow } from './csv-reader';
import { createAcctParser, type AcctParserOptions } from './parse-file';
import { COUNTED_COLUMNS, SliceCounts } from './slice-counts';
import { SliceParser } from './slice-parser';
import { AWKWARD_FILE, MIXED_FILE } from './__fixtures__/samples';
import type { AcctRecord } from './records';

/** Keeps the first column and those named in `keep` (raw header cells, as the reader sees them). */
function filterOf(keep: string[]): ColumnFilter {
  return {
    isHeader: (first) => first.trim().toLowerCase() === 'type',
    maskFor: (cells) => Uint8Array.from(cells, (c, i) => (i === 0 || keep.includes(c.trim()) ? 1 : 0)),
  };
}

function readAll(chunks: Uint8Array[], filter?: ColumnFilter): CsvRow[] {
  const r = new CsvReader({ filter });
  const rows: CsvRow[] = [];
  for (const c of chunks) rows.push(...r.push(c));
  rows.push(...r.end());
  return rows;
}

const HOSTILE = Buffer.concat([
  Buffer.from('\ufefftype,timeLogged,dsnDiag,rcpt,vmta,queue\r\n'),
  Buffer.from('d,2026-11-26 10:00:01+0000,"skipped, with ""quotes""\r\nand a newline",a@gmail.com,vmta-1,gmail.com/vmta-1\r\n'),
  Buffer.from('b,2026-11-26 10:00:02+0000,"ünïcödé ✉️ skipped",b@exämple.de,vmta-2,exämple.de/vmta-2\n'),
  Buffer.from([0x64, 0x2c, 0xff, 0xfe, 0xc3, 0x2c, 0xe2, 0x82, 0x0a]), // `d,` + invalid UTF-8 in kept and skipped cells
  Buffer.from('t,2026-11-26 10:00:03+0000,"x"lenient tail,c@yahoo.com,vmta-1,yahoo.com/vmta-1,extra\n'),
  Buffer.from('\n'),
  Buffer.from('TYPE,queue,dsnDiag,timeLogged\n'), // a new header: other columns kept from here on
  Buffer.from('d,aol.com/vmta-3,"diag\nover lines",2026-11-26 10:00:04+0000\n'),
  Buffer.from('type\n'), // a one-cell header
  Buffer.from('d,"unterminated, skipped\nto the end'),
]);

const FILES: [string, Buffer, string[]][] = [
  ['mixed', Buffer.from(MIXED_FILE), ['timeLogged', 'rcpt', 'vmta', 'queue']],
  ['awkward', Buffer.from(AWKWARD_FILE), ['timeLogged', 'queue']],
  ['hostile', HOSTILE, ['timeLogged', 'rcpt', 'queue']],
];

describe('CsvReader with a column filter', () => {
  for (const [name, bytes, keep] of FILES) {
    it(`${name}: the same rows, kept cells and offsets as the full reader, whole rows on demand, at every split`, () => {
      const full = readAll([bytes]);
      for (let i = 0; i <= bytes.length; i++) {
        const lean = readAll([bytes.subarray(0, i), bytes.subarray(i)], filterOf(keep));
        expect(lean.length, `split at ${i}`).toBe(full.length);
        lean.forEach((r, k) => {
          const f = full[k] as CsvRow;
          expect([r.startOffset, r.endOffset, r.line, r.unterminated], `split at ${i}, row ${k}`).toEqual([f.startOffset, f.endOffset, f.line, f.unterminated]);
          expect(wholeRow(r), `split at ${i}, row ${k}`).toEqual(f.fields);
          expect(r.fields.length).toBe(f.fields.length);
          r.fields.forEach((cell, c) => {
            if (cell !== f.fields[c]) expect(cell, `split at ${i}, row ${k}, column ${c} is left out`).toBe('');
          });
        });
      }
    });
  }

  it('copies only the kept columns', () => {
    const rows = readAll([HOSTILE], filterOf(['timeLogged', 'rcpt', 'queue']));
    expect(rows[1]?.fields).toEqual(['d', '2026-11-26 10:00:01+0000', '', 'a@gmail.com', '', 'gmail.com/vmta-1']);
    // Rows with bytes ≥ 0x80 are read again whole, from their UTF-8 text.
    expect(rows[2]?.fields).toEqual(['b', '2026-11-26 10:00:02+0000', 'ünïcödé ✉️ skipped', 'b@exämple.de', 'vmta-2', 'exämple.de/vmta-2']);
    expect(rows[3]?.fields).toEqual(['d', '\ufffd\ufffd\ufffd', '\ufffd']);
    // From the second header on: queue, timeLogged.
    expect(rows[6]?.fields).toEqual(['d', 'aol.com/vmta-3', '', '2026-11-26 10:00:04+0000']);
  });
});

const RECORD_KEYS = [
  'type',
  'timeLogged',
  'vmta',
  'domain',
  'jobId',
  'bounceCat',
  'dsnStatus',
  'dsnDiag',
  'dsnMta',
  'dlvSourceIp',
  'feedbackType',
  'reportedDomain',
] as const;
const counted = (r: AcctRecord) => RECORD_KEYS.map((k) => r[k]);

function parseAll(bytes: Buffer, split: number, opts: AcctParserOptions) {
  const p = createAcctParser(opts);
  const a = p.push(bytes.subarray(0, split));
  const b = p.push(bytes.subarray(split));
  const c = p.end();
  return { records: [...a.records, ...b.records, ...c.records], stats: p.stats(), at: [a.consumedBytes, b.consumedBytes, c.consumedBytes, c.header, c.line] };
}

describe('createAcctParser({ keepColumns: COUNTED_COLUMNS })', () => {
  for (const [name, bytes] of FILES) {
    it(`${name}: the same counted fields, stats, samples and resume points as the full parser, at every split`, () => {
      for (let i = 0; i <= bytes.length; i++) {
        const full = parseAll(bytes, i, {});
        const lean = parseAll(bytes, i, { keepColumns: COUNTED_COLUMNS });
        expect(lean.records.map(counted), `split at ${i}`).toEqual(full.records.map(counted));
        expect(lean.stats, `split at ${i}`).toEqual(full.stats);
        expect(lean.at, `split at ${i}`).toEqual(full.at);
      }
    });
  }

  it('resumes under a persisted header with the same filter', () => {
    const header = ['type', 'timeLogged', 'dsnDiag', 'rcpt', 'vmta', 'queue'];
    const body = Buffer.from('d,2026-11-26 10:00:01+0000,"skip, me",a@gmail.com,vmta-1,gmail.com/vmta-1\n');
    const full = parseAll(body, 0, { header, startOffset: 100 });
    const lean = parseAll(body, 0, { header, startOffset: 100, keepColumns: COUNTED_COLUMNS });
    expect(lean.records.map(counted)).toEqual(full.records.map(counted));
    expect(lean.records[0]?.dsnDiag).toBe('skip, me');
  });
});

describe('SliceParser counts', () => {
  it('equal the counts of the full parser’s records, slice by slice', () => {
    const bytes = Buffer.concat(Array.from({ length: 40 }, (_, k) => (k % 3 === 0 ? HOSTILE : Buffer.from(MIXED_FILE))));
    for (const commitBytes of [64, 1000, 1 << 20]) {
      const leanIps = new Map<string, string>();
      const sp = new SliceParser({ startOffset: 0, header: null, startLine: 1, commitBytes }, () => new SliceCounts('n', leanIps, 20));
      const ref = createAcctParser({});
      const ips = new Map<string, string>();
      let records: AcctRecord[] = [];
      let slices = 0;
      const check = (s: ReturnType<SliceParser['take']>, at: string) => {
        if (!s) return;
        const c = new SliceCounts('n', ips, 20);
        c.add(records);
        records = [];
        slices++;
        expect(s.counts.toData(), `commitBytes ${commitBytes}, ${at}`).toEqual(c.toData());
      };
      for (let i = 0; i < bytes.length; i += 97) {
        const s = sp.push(bytes.subarray(i, i + 97));
        const r = ref.push(bytes.subarray(i, i + 97));
        records.push(...r.records);
        // The reference counts the same records: the ones up to the slice's end offset.
        if (s) expect(r.consumedBytes).toBe(s.consumedBytes);
        check(s, `at ${i}`);
      }
      sp.end();
      records.push(...ref.end().records);
      check(sp.take(), 'at the end');
      expect(slices).toBeGreaterThan(commitBytes < bytes.length ? 2 : 0);
    }
  });
});
