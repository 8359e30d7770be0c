import { describe, expect, it } from 'vitest';
import { CsvReader, type CsvRow } from './csv-reader';
import { AWKWARD_FILE, MIXED_FILE } from './__fixtures__/samples';

function readAll(chunks: (string | Uint8Array)[], opts?: ConstructorParameters<typeof CsvReader>[0]): CsvRow[] {
  const r = new CsvReader(opts);
  const rows: CsvRow[] = [];
  for (const c of chunks) rows.push(...r.push(c));
  rows.push(...r.end());
  return rows;
}

const fields = (rows: CsvRow[]) => rows.map((r) => r.fields);

describe('CsvReader', () => {
  it('reads quoted commas, doubled quotes, embedded newlines, CRLF and LF', () => {
    const rows = readAll(['a,"b,c","say ""hi""",d\r\n', '"multi\nline",,"x\r\ny"\n', 'last,row']);
    expect(fields(rows)).toEqual([
      ['a', 'b,c', 'say "hi"', 'd'],
      ['multi\nline', '', 'x\r\ny'],
      ['last', 'row'],
    ]);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 5]);
  });

  it('holds a trailing partial line until more data or end()', () => {
    const r = new CsvReader();
    expect(r.push('a,b\nc,')).toEqual([expect.objectContaining({ fields: ['a', 'b'] })]);
    expect(r.consumedBytes).toBe(4);
    expect(r.pendingBytes).toBe(2);
    expect(r.push('d')).toEqual([]);
    expect(fields(r.end())).toEqual([['c', 'd']]);
    expect(r.consumedBytes).toBe(7);
  });

  it('holds an open quoted field across newlines until it closes', () => {
    const r = new CsvReader();
    expect(r.push('x,"one\ntwo\n')).toEqual([]);
    expect(r.consumedBytes).toBe(0);
    expect(fields(r.push('three",y\n'))).toEqual([['x', 'one\ntwo\nthree', 'y']]);
  });

  it('strips a UTF-8 BOM at the start of the file only, counting its bytes', () => {
    const rows = readAll(['\ufeffa,b\n', '\ufeffc\n']);
    expect(fields(rows)).toEqual([['a', 'b'], ['\ufeffc']]);
    expect(rows[0]?.startOffset).toBe(3);
    // A BOM split across chunks is still recognised.
    const bom = Buffer.from('\ufeffa\n');
    expect(fields(readAll([bom.subarray(0, 1), bom.subarray(1, 2), bom.subarray(2)]))).toEqual([['a']]);
  });

  it('skips blank lines and flags an unterminated quote at end of input', () => {
    const rows = readAll(['a\n\n\r\nb,"open\nstill open']);
    expect(fields(rows)).toEqual([['a'], ['b', 'open\nstill open']]);
    expect(rows[1]?.unterminated).toBe(true);
    expect(rows[1]?.line).toBe(4);
  });

  it('keeps lenient text after a closing quote', () => {
    expect(fields(readAll(['"ab"cd,e\n']))).toEqual([['abcd', 'e']]);
  });

  it('does not keep a view of a caller buffer that is reused for the next read', () => {
    const r = new CsvReader();
    const buf = Buffer.from('a,bc');
    expect(r.push(buf)).toEqual([]);
    buf.write('ZZZZ');
    expect(fields([...r.push('d\n'), ...r.end()])).toEqual([['a', 'bcd']]);
  });

  for (const [name, text] of [
    ['mixed', MIXED_FILE],
    ['awkward', AWKWARD_FILE],
  ] as const) {
    describe(`${name} file`, () => {
      const bytes = Buffer.from(text, 'utf8');
      const whole = readAll([bytes]);

      it('row offsets are contiguous byte ranges that re-read to the same row', () => {
        for (const row of whole) {
          const again = readAll([bytes.subarray(row.startOffset, row.endOffset)]);
          expect(fields(again)).toEqual([row.fields]);
        }
        expect(whole.at(-1)?.endOffset).toBe(bytes.length);
      });

      it('gives identical rows for a split at every byte position', () => {
        for (let i = 0; i <= bytes.length; i++) {
          expect(readAll([bytes.subarray(0, i), bytes.subarray(i)]), `split at ${i}`).toEqual(whole);
        }
      });

      it('gives identical rows when fed one byte at a time', () => {
        const chunks = Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
        expect(readAll(chunks)).toEqual(whole);
      });

      it('resumes exactly from consumedBytes after any split', () => {
        for (let i = 0; i <= bytes.length; i++) {
          const r = new CsvReader();
          const first = r.push(bytes.subarray(0, i));
          const offset = r.consumedBytes;
          const startLine = r.nextLine;
          const rest = readAll([bytes.subarray(offset)], { startOffset: offset, startLine });
          expect([...first, ...rest], `resume after split at ${i}`).toEqual(whole);
        }
      });
    });
  }

  it('reads a string chunk the same as its bytes', () => {
    expect(readAll([AWKWARD_FILE])).toEqual(readAll([Buffer.from(AWKWARD_FILE)]));
  });
});

describe('CsvReader row cap', () => {
  const cap = 1024;

  it('skips a row without a newline past the cap, holding at most the cap, with exact offsets', () => {
    const r = new CsvReader({ maxRowBytes: cap });
    expect(fields(r.push('a,b\n'))).toEqual([['a', 'b']]);
    for (let i = 0; i < 100; i++) {
      expect(r.push('x'.repeat(500))).toEqual([]);
      expect(r.pendingBytes).toBeLessThanOrEqual(cap + 500);
      expect(r.consumedBytes).toBe(4); // the resume point stays at the start of the long row
    }
    const rows = r.push('tail\nc,d\n');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ oversized: true, line: 2, startOffset: 4, endOffset: 4 + 50_000 + 5 });
    expect(rows[0]!.fields[0]).toMatch(/^x{256}$/);
    expect(rows[1]).toMatchObject({ fields: ['c', 'd'], line: 3, startOffset: 50_009, endOffset: 50_013 });
    expect(r.consumedBytes).toBe(50_013);
  });

  it('skips a row whose quote never closes, counting the lines it swallowed', () => {
    const r = new CsvReader({ maxRowBytes: cap });
    const open = 'a,"never closed\n' + 'more text\n'.repeat(200);
    expect(r.push(open)).toEqual([]);
    expect(r.pendingBytes).toBe(0);
    const rows = r.push('rest of it\nnext,row\n');
    expect(rows[0]).toMatchObject({ oversized: true, line: 1, startOffset: 0, endOffset: Buffer.byteLength(open) + 11 });
    expect(rows[1]).toMatchObject({ fields: ['next', 'row'], line: 203 });
  });

  it('ends a skipped row at end of input', () => {
    const r = new CsvReader({ maxRowBytes: 10 });
    r.push('z'.repeat(50));
    expect(r.end()).toEqual([expect.objectContaining({ oversized: true, startOffset: 0, endOffset: 50 })]);
  });

  it('leaves rows under the cap alone', () => {
    const long = `${'y'.repeat(cap - 10)}\n`;
    expect(fields(readAll([long.slice(0, 300), long.slice(300)], { maxRowBytes: cap }))).toEqual([['y'.repeat(cap - 10)]]);
  });
});
