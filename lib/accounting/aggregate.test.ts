import { describe, expect, it } from 'vitest';
import { aggregateRecords, createAggregator, emptyCounts, mergeCounts } from './aggregate';
import { parseAcctText } from './parse-file';
import { MIXED_FILE } from './__fixtures__/samples';

const T = (iso: string) => Date.parse(iso);

const FILE =
  'type,timeLogged,rcpt,vmta,jobId,queue,bounceCat,feedbackType,reportedDomain\n' +
  'd,2024-05-01 10:00:01+0000,a@gmail.com,v1,j1,gmail.com/v1,,,\n' +
  'd,2024-05-01 10:00:59+0000,b@gmail.com,v1,j1,gmail.com/v1,,,\n' +
  'd,2024-05-01 10:01:00+0000,c@gmail.com,v1,j1,gmail.com/v1,,,\n' +
  'b,2024-05-01 10:00:10+0000,d@gmail.com,v1,j1,gmail.com/v1,bad-mailbox,,\n' +
  'b,2024-05-01 10:00:11+0000,e@gmail.com,v1,j1,gmail.com/v1,policy-related,,\n' +
  'b,2024-05-01 10:00:12+0000,f@gmail.com,v1,j1,gmail.com/v1,my-custom-cat,,\n' +
  'b,2024-05-01 10:00:13+0000,g@gmail.com,v1,j1,gmail.com/v1,,,\n' +
  't,2024-05-01 10:00:20+0000,h@gmail.com,v1,j1,gmail.com/v1,,,\n' +
  'tq,2024-05-01 10:00:30+0000,,v1,,gmail.com/v1,,,\n' +
  'd,2024-05-01 10:00:40+0000,i@yahoo.com,v2,j1,yahoo.com/v2,,,\n' +
  'f,2024-05-01 10:00:50+0000,k@yahoo.com,,,,,abuse,yahoo.com\n' +
  'f,2024-05-01 10:00:51+0000,l@yahoo.com,,,,,abuse,yahoo.com\n' +
  'f,2024-05-01 10:00:52+0000,m@yahoo.com,,,,,unsubscribe,yahoo.com\n' +
  'rb,2024-05-01 10:00:53+0000,n@aol.com,,,,bad-mailbox,,\n';

describe('aggregateRecords', () => {
  const { records, stats } = parseAcctText(FILE);
  const rows = aggregateRecords(records, { bucketMs: 60_000, node: 'pmta1' });

  it('parses the fixture cleanly', () => {
    expect(stats.malformed).toBe(0);
  });

  it('keys rows by (bucket, vmta, domain, jobId), sorted', () => {
    expect(rows.map((r) => [r.bucketStart, r.node, r.vmta, r.domain, r.jobId])).toEqual([
      [T('2024-05-01T10:00:00Z'), 'pmta1', '', 'aol.com', ''],
      [T('2024-05-01T10:00:00Z'), 'pmta1', '', 'yahoo.com', ''],
      [T('2024-05-01T10:00:00Z'), 'pmta1', 'v1', 'gmail.com', ''],
      [T('2024-05-01T10:00:00Z'), 'pmta1', 'v1', 'gmail.com', 'j1'],
      [T('2024-05-01T10:00:00Z'), 'pmta1', 'v2', 'yahoo.com', 'j1'],
      [T('2024-05-01T10:01:00Z'), 'pmta1', 'v1', 'gmail.com', 'j1'],
    ]);
  });

  it('counts deliveries, bounces by class and category, transients', () => {
    expect(rows[3]).toMatchObject({
      delivered: 2,
      bounces: { hard: 1, soft: 1, custom: 1, unknown: 1 },
      bouncesByCat: { 'bad-mailbox': 1, 'policy-related': 1, 'my-custom-cat': 1, '': 1 },
      transient: 1,
      transientQueue: 0,
    });
    expect(rows[2]).toMatchObject({ transientQueue: 1, delivered: 0 });
    expect(rows[5]).toMatchObject({ delivered: 1 });
  });

  it('counts FBL by reported domain and feedback type, and remote bounces', () => {
    expect(rows[1]).toMatchObject({ fbl: 3, fblBy: { 'yahoo.com': { abuse: 2, unsubscribe: 1 } } });
    expect(rows[0]).toMatchObject({ remoteBounces: 1, remoteBouncesByCat: { 'bad-mailbox': 1 } });
  });

  it('covers every record type', () => {
    const all = aggregateRecords(parseAcctText(MIXED_FILE).records, { bucketMs: 3_600_000 });
    const sum = all.reduce(mergeCounts, emptyCounts());
    expect(sum).toMatchObject({
      delivered: 1,
      bounces: { hard: 1, soft: 0, custom: 0, unknown: 0 },
      transient: 1,
      transientQueue: 1,
      fbl: 1,
      remoteBounces: 1,
      remoteStatus: 1,
      received: 1,
    });
    expect(all.every((r) => r.node === '' && r.bucketStart === T('2024-05-01T10:00:00Z'))).toBe(true);
  });
});

describe('createAggregator / mergeCounts', () => {
  it('accumulates across batches like a single pass', () => {
    const { records } = parseAcctText(FILE);
    const agg = createAggregator({ bucketMs: 60_000 });
    agg.addAll(records.slice(0, 5));
    agg.addAll(records.slice(5));
    expect(agg.rows()).toEqual(aggregateRecords(records, { bucketMs: 60_000 }));
    agg.clear();
    expect(agg.rows()).toEqual([]);
  });

  it('merges persisted counts without mutating either side', () => {
    const a = { ...emptyCounts(), delivered: 2, bouncesByCat: { 'bad-mailbox': 1 }, fblBy: { 'aol.com': { abuse: 1 } } };
    const b = { ...emptyCounts(), delivered: 3, bouncesByCat: { 'bad-mailbox': 2, other: 1 }, fblBy: { 'aol.com': { abuse: 2, fraud: 1 } } };
    const m = mergeCounts(a, b);
    expect(m).toMatchObject({ delivered: 5, bouncesByCat: { 'bad-mailbox': 3, other: 1 }, fblBy: { 'aol.com': { abuse: 3, fraud: 1 } } });
    expect(a.delivered).toBe(2);
    expect(a.fblBy).toEqual({ 'aol.com': { abuse: 1 } });
  });

  it('rejects a non-positive bucket size', () => {
    expect(() => createAggregator({ bucketMs: 0 })).toThrow(RangeError);
  });
});
