import { describe, expect, it } from 'vitest';
import { CsvReader } from './csv-reader';
import { createAcctParser, encodeRow, parseAcctText, type AcctParserOptions } from './parse-file';
import type { AcctRecord } from './records';
import { AWKWARD_FILE, MIXED_FILE, MIXED_HEADER, MIXED_ROWS } from './__fixtures__/samples';

const T = (iso: string) => Date.parse(iso);

/** Records without `fields`, whose key set legitimately depends on the header. */
const normalised = (rs: AcctRecord[]) =>
  rs.map((r) => {
    const copy: Partial<AcctRecord> = { ...r };
    delete copy.fields;
    return copy;
  });

describe('parseAcctText: every record type under a union header', () => {
  const { records, stats } = parseAcctText(MIXED_FILE);

  it('accepts every row', () => {
    expect(stats).toMatchObject({ lines: 9, headers: 1, records: 8, padded: 0, malformed: 0 });
    expect(records.map((r) => r.type)).toEqual(['d', 'b', 't', 'tq', 'f', 'rb', 'rs', 'r']);
    expect(stats.byType).toEqual({ d: 1, b: 1, t: 1, tq: 1, f: 1, rb: 1, rs: 1, r: 1 });
  });

  it('normalises a delivery', () => {
    expect(records[0]).toMatchObject({
      type: 'd',
      timeLogged: T('2024-05-01T10:00:02Z'),
      timeUtcAssumed: false,
      vmta: 'vmta1',
      queue: 'gmail.com/vmta1',
      domain: 'gmail.com',
      jobId: 'job42',
      rcpt: 'a@gmail.com',
      orig: 'bounce@ex.com',
      dsnAction: 'relayed',
      dsnStatus: '2.0.0 (success)',
      dsnDiag: 'smtp;250 2.0.0 OK gsmtp',
      bounceCat: null,
      dlvSourceIp: '203.0.113.10',
      feedbackType: null,
      reportedDomain: null,
      format: null,
    });
    expect(records[0]?.fields).toMatchObject({ type: 'd', bounceCat: '', queue: 'gmail.com/vmta1' });
  });

  it('reads a bounce with a quoted diagnostic and a +0200 time', () => {
    expect(records[1]).toMatchObject({
      type: 'b',
      timeLogged: T('2024-05-01T10:00:05Z'),
      bounceCat: 'bad-mailbox',
      domain: 'ex.org',
      rcpt: 'X@Ex.ORG',
      dsnDiag: 'smtp;550 5.1.1 <x@ex.org>: Recipient address rejected: User unknown, sorry',
    });
  });

  it('reads transient and transient-queue rows', () => {
    expect(records[2]).toMatchObject({ type: 't', domain: 'yahoo.com', bounceCat: 'policy-related', jobId: 'job43' });
    expect(records[3]).toMatchObject({
      type: 'tq',
      rcpt: null,
      jobId: null,
      vmta: 'vmta2',
      domain: 'yahoo.com',
      dsnStatus: '4.4.1 (no answer from host)',
    });
  });

  it('reads FBL, remote bounce, remote status and receipt rows', () => {
    expect(records[4]).toMatchObject({
      type: 'f',
      feedbackType: 'abuse',
      format: 'jmrp',
      reportedDomain: 'hotmail.com',
      domain: 'hotmail.com',
      vmta: null,
      dlvSourceIp: '203.0.113.12',
    });
    expect(records[5]).toMatchObject({ type: 'rb', bounceCat: 'bad-mailbox', format: 'dsn', domain: 'aol.com', queue: null });
    expect(records[6]).toMatchObject({ type: 'rs', dsnAction: 'delayed', bounceCat: 'quota-issues', domain: 'example.net' });
    expect(records[7]).toMatchObject({ type: 'r', orig: 'sender@app.example', domain: 'example.net', vmta: 'vmta1', jobId: 'job44' });
  });
});

/** Rewrites a file with its columns in another order (what a different `record-fields` gives). */
function permuteColumns(text: string, order: (n: number) => number[]): string {
  const r = new CsvReader();
  const rows = [...r.push(text), ...r.end()];
  return rows.map((row) => encodeRow(order(row.fields.length).map((i) => row.fields[i] ?? ''))).join('\r\n') + '\r\n';
}

describe('column order and naming', () => {
  it('maps by name: a permuted header gives the same records', () => {
    const base = parseAcctText(MIXED_FILE).records;
    // `type` must stay first (PowerMTA always writes it first); reverse the rest.
    const reversed = permuteColumns(MIXED_FILE, (n) => [0, ...Array.from({ length: n - 1 }, (_, i) => n - 1 - i)]);
    expect(reversed.split('\r\n')[0]).toMatch(/^type,reportedDomain,format,feedbackType,/);
    const got = parseAcctText(reversed).records;
    expect(normalised(got)).toEqual(normalised(base));
    expect(got.map((r) => r.fields)).toEqual(base.map((r) => r.fields));
  });

  it('maps by name in a hand-written custom order with different columns', () => {
    const a = parseAcctText(
      'type,timeLogged,rcpt,vmta,jobId,bounceCat,dsnDiag\n' + 'b,2024-05-01 10:00:00+0000,u@mail.ru,v9,j1,bad-domain,"smtp;550 5.1.2 host unknown"\n',
    ).records;
    const b = parseAcctText(
      'type,dsnDiag,jobId,bounceCat,timeLogged,vmta,rcpt,envId\n' + 'b,"smtp;550 5.1.2 host unknown",j1,bad-domain,2024-05-01 10:00:00+0000,v9,u@mail.ru,\n',
    ).records;
    expect(normalised(b)).toEqual(normalised(a));
    expect(a[0]).toMatchObject({ domain: 'mail.ru', bounceCat: 'bad-domain', vmta: 'v9' });
  });

  it('matches column names case-insensitively (envid, reportingMTA)', () => {
    const { records } = parseAcctText(
      'TYPE,TimeLogged,envid,reportingMTA,FeedbackType,Format,REPORTEDDOMAIN,header_X-FBLId,ARF_Source-IP\n' +
        'f,2024-05-01 10:00:00+0000,env-7,fbl.example.net,Abuse,ARF,yahoo.com,77,198.51.100.3\n',
    );
    expect(records[0]).toMatchObject({ type: 'f', envId: 'env-7', feedbackType: 'abuse', format: 'arf', reportedDomain: 'yahoo.com' });
    expect(records[0]?.fields).toEqual({
      type: 'f',
      timeLogged: '2024-05-01 10:00:00+0000',
      envId: 'env-7',
      reportingMta: 'fbl.example.net',
      feedbackType: 'Abuse',
      format: 'ARF',
      reportedDomain: 'yahoo.com',
      'header_X-FBLId': '77',
      'arf_Source-IP': '198.51.100.3',
    });
  });

  it('keeps hostile column names as plain data', () => {
    const { records, stats } = parseAcctText(
      'type,timeLogged,"header_X-""q""\\",__proto__,constructor,"a\nb"\n' + 'd,2024-05-01 10:00:00+0000,v1,polluted,c1,ab\n',
    );
    expect(stats.malformed).toBe(0);
    const f = records[0]?.fields;
    expect(f).toEqual({
      type: 'd',
      timeLogged: '2024-05-01 10:00:00+0000',
      'header_X-"q"\\': 'v1',
      ['__proto__']: 'polluted',
      constructor: 'c1',
      'a\nb': 'ab',
    });
    expect(Object.hasOwn(f ?? {}, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(f)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('refuses the type %j (no inherited lookup)', (t) => {
    const { records, stats } = parseAcctText(`type,timeLogged,rcpt\n${t},2024-05-01 10:00:00+0000,a@x.com\n`);
    expect(records).toEqual([]);
    expect(stats.byReason).toEqual({ 'unknown-type': 1 });
  });

  it('accepts long type names', () => {
    const { records, stats } = parseAcctText(
      'type,timeLogged,rcpt\n' +
        'delivery,2024-05-01 10:00:00+0000,a@x.com\nbounce,2024-05-01 10:00:00+0000,a@x.com\n' +
        'transient-queue,2024-05-01 10:00:00+0000,\nfeedback-loop,2024-05-01 10:00:00+0000,a@x.com\n' +
        'remote-bounce,2024-05-01 10:00:00+0000,a@x.com\nremote-status,2024-05-01 10:00:00+0000,a@x.com\n' +
        'transient,2024-05-01 10:00:00+0000,a@x.com\nreceipt,2024-05-01 10:00:00+0000,a@x.com\n',
    );
    expect(stats.malformed).toBe(0);
    expect(records.map((r) => r.type)).toEqual(['d', 'b', 'tq', 'f', 'rb', 'rs', 't', 'r']);
  });
});

describe('headers', () => {
  it('lets a re-appearing header replace the current one mid-stream', () => {
    const text =
      'type,timeLogged,rcpt,vmta\n' +
      'd,2024-05-01 10:00:00+0000,a@x.com,v1\n' +
      'type,vmta,rcpt,timeLogged,jobId\n' +
      'd,v2,b@y.com,2024-05-01 10:00:01+0000,j9\n';
    const { records, stats, header } = parseAcctText(text);
    expect(stats).toMatchObject({ headers: 2, records: 2, malformed: 0 });
    expect(records[0]).toMatchObject({ vmta: 'v1', domain: 'x.com', jobId: null });
    expect(records[1]).toMatchObject({ vmta: 'v2', domain: 'y.com', jobId: 'j9', timeLogged: T('2024-05-01T10:00:01Z') });
    expect(header).toEqual(['type', 'vmta', 'rcpt', 'timeLogged', 'jobId']);
  });

  it('rejects rows before any header unless default columns are configured', () => {
    // The two illustrative rows of powermta-api.md §8, written without a header.
    const rows =
      'd,2024-05-01 10:00:02+0000,2024-05-01 09:59:58+0000,bounce@ex.com,a@gmail.com,,relayed,2.0.0 (success),smtp;250 2.0.0 OK,gmail-smtp-in.l.google.com (142.250.1.27),,smtp,app1 (10.0.0.5),smtp,203.0.113.10,142.250.1.27,"PIPELINING,8BITMIME",4312,vmta1,job42,,gmail.com/vmta1,pool-a\n' +
      'b,2024-05-01 10:00:05+0000,2024-05-01 09:59:58+0000,bounce@ex.com,x@ex.org,,failed,5.1.1 (bad destination mailbox address),smtp;550 5.1.1 no such user,mx.ex.org (198.51.100.7),bad-mailbox,smtp,,,,,,,vmta1,job42,,ex.org/vmta1,\n';
    expect(parseAcctText(rows).stats).toMatchObject({ records: 0, malformed: 2, byReason: { 'no-header': 2 } });

    const { records, stats } = parseAcctText(rows, { defaultColumns: true });
    expect(stats).toMatchObject({ records: 2, malformed: 0, padded: 0 });
    expect(records[0]).toMatchObject({
      timeQueued: T('2024-05-01T09:59:58Z'),
      vmta: 'vmta1',
      jobId: 'job42',
      domain: 'gmail.com',
      dsnMta: 'gmail-smtp-in.l.google.com (142.250.1.27)',
    });
    expect(records[0]?.fields).toMatchObject({ dlvEsmtpAvailable: 'PIPELINING,8BITMIME', dlvSize: '4312', vmtaPool: 'pool-a' });
    expect(records[1]).toMatchObject({ type: 'b', bounceCat: 'bad-mailbox', dsnDiag: 'smtp;550 5.1.1 no such user' });
  });

  it('uses a configured per-type order override, and a real header still wins', () => {
    const text = 'tq,vmta3,2024-05-01 10:00:00+0000,hotmail.com/vmta3\ntype,timeLogged,vmta\ntq,2024-05-01 10:00:01+0000,vmta4\n';
    const { records } = parseAcctText(text, { defaultColumns: { tq: ['type', 'vmta', 'timeLogged', 'queue'] } });
    expect(records.map((r) => [r.vmta, r.domain])).toEqual([
      ['vmta3', 'hotmail.com'],
      ['vmta4', null],
    ]);
  });
});

describe('bad lines', () => {
  const text = [
    'type,timeLogged,rcpt,vmta',
    'd,2024-05-01 10:00:00+0000,a@x.com,v1',
    'zz,2024-05-01 10:00:00+0000,a@x.com,v1',
    'd,not a time,a@x.com,v1',
    'd,2024-05-01 10:00:00+0000,a@x.com,v1,unexpected',
    'd,2024-05-01 10:00:00+0000,a@x.com,v1,,',
    'd,2024-05-01 10:00:00+0000,a@x.com',
    ',2024-05-01 10:00:00+0000,a@x.com,v1',
    'd,,a@x.com,v1',
    'b,2024-05-01 10:00:00+0000,"never closed,v1',
  ].join('\n');

  it('counts each reason, tolerates empty extra cells, pads short rows, never throws', () => {
    const { records, stats } = parseAcctText(text, { maxSamples: 2 });
    expect(records).toHaveLength(3);
    expect(records[2]).toMatchObject({ vmta: null, rcpt: 'a@x.com' });
    expect(stats).toMatchObject({
      lines: 10,
      headers: 1,
      records: 3,
      padded: 1,
      malformed: 6,
      byReason: { 'unknown-type': 2, 'bad-time': 2, 'too-many-fields': 1, 'unterminated-quote': 1 },
    });
  });

  it('samples the first and last N rejects with line, offset and reason', () => {
    const { stats } = parseAcctText(text, { maxSamples: 2 });
    expect(stats.samples.first).toEqual([
      { line: 3, offset: text.indexOf('zz,'), reason: 'unknown-type', text: 'zz,2024-05-01 10:00:00+0000,a@x.com,v1' },
      { line: 4, offset: text.indexOf('d,not'), reason: 'bad-time', text: 'd,not a time,a@x.com,v1' },
    ]);
    expect(stats.samples.last.map((s) => [s.line, s.reason])).toEqual([
      [9, 'bad-time'],
      [10, 'unterminated-quote'],
    ]);
    expect(stats.samples.last[1]?.text).toBe('b,2024-05-01 10:00:00+0000,"never closed,v1"');
  });
});

describe('streaming and resume', () => {
  const file = MIXED_FILE + AWKWARD_FILE.replace('\ufeff', '') + '\n' + MIXED_HEADER + '\r\n' + MIXED_ROWS[0];
  const bytes = Buffer.from(file, 'utf8');
  const whole = parseAcctText(file);

  it('the concatenated file has re-appearing headers and awkward rows', () => {
    expect(whole.stats).toMatchObject({ headers: 3, records: 8 + 4 + 1, malformed: 0 });
    expect(whole.records[9]?.dsnDiag).toBe('smtp;250 ok 😀');
    expect(whole.records[8]?.dsnDiag).toBe('smtp;550 5.7.1 "Message rejected", see:\r\nhttps://help.example/日本 ✉️');
    // The last row follows a third header (the first one again).
    expect(whole.records[12]).toMatchObject({ type: 'd', rcpt: 'a@gmail.com', jobId: 'job42' });
  });

  it('resumes from { consumedBytes, header } after a split at every byte', () => {
    for (let i = 0; i <= bytes.length; i++) {
      const p1 = createAcctParser();
      const first = p1.push(bytes.subarray(0, i));
      const resume: AcctParserOptions = { startOffset: first.consumedBytes, header: first.header, startLine: first.line };
      // The persisted state survives a JSON round trip (what the ingester stores).
      const p2 = createAcctParser(JSON.parse(JSON.stringify(resume)) as AcctParserOptions);
      const rest = [...p2.push(bytes.subarray(first.consumedBytes)).records, ...p2.end().records];
      expect([...first.records, ...rest], `split at ${i}`).toEqual(whole.records);
    }
  });

  it('gives the same records when fed in 7-byte chunks', () => {
    const p = createAcctParser();
    const got: AcctRecord[] = [];
    for (let i = 0; i < bytes.length; i += 7) got.push(...p.push(bytes.subarray(i, i + 7)).records);
    got.push(...p.end().records);
    expect(got).toEqual(whole.records);
    expect(p.stats()).toEqual(whole.stats);
  });

  it('accepts a raw header line as resume state', () => {
    const p = createAcctParser({ header: MIXED_HEADER, startOffset: 1000 });
    const r = p.push(MIXED_ROWS[1] + '\n');
    expect(r.records[0]).toMatchObject({ type: 'b', bounceCat: 'bad-mailbox' });
    expect(r.consumedBytes).toBe(1000 + Buffer.byteLength(MIXED_ROWS[1] + '\n'));
  });
});
