import { describe, expect, it } from 'vitest';
import { PmtaParseError } from './errors';
import { parseBody } from './parse-body';
import { QUEUE_DETAIL_JSON, QUEUE_DETAIL_XML, QUEUES_JSON, QUEUES_XML } from './__fixtures__/queues';

const wrap = (inner: string) => `<rsp><data>${inner}</data><succ/></rsp>`;

describe('/queues normalisation', () => {
  it('reads queues, events (decoded) and totals', () => {
    const list = parseBody('queues', 'xml', QUEUES_XML);
    expect(list.totalRcp).toBe(82);
    expect(list.totalQueuesWithRcp).toBe(2);
    expect(list.truncated).toBe(false);
    expect(list.queues).toHaveLength(2);
    expect(list.queues[0]).toEqual({
      name: 'gmail.com/vmta-1',
      domain: 'gmail.com',
      vmta: 'vmta-1',
      rcp: 77,
      kb: 769.4,
      conn: 0,
      paused: false,
      mode: 'backoff',
      retryTime: '2026-11-26 10:27:33',
      events: [
        { type: 'error', time: '2026-11-26 10:24:33', text: '421 4.7.28 <gsmtp> rate & "limited"' },
        { type: 'error', time: '2026-11-26 10:20:00', text: 'connect rate limit reached' },
      ],
    });
    expect(list.queues[1]).toMatchObject({ name: 'yahoo.com/vmta-2', paused: true, mode: 'normal', retryTime: null, events: [] });
  });

  it('gives the same model from XML and JSON', () => {
    expect(parseBody('queues', 'json', QUEUES_JSON)).toEqual(parseBody('queues', 'xml', QUEUES_XML));
  });

  it('accepts a single queue and a single event as objects (JSON) and as one element (XML)', () => {
    const xml = parseBody('queues', 'xml', wrap('<queue><name>a.com/v1</name><event><text>x</text></event></queue>'));
    const json = parseBody('queues', 'json', JSON.stringify({ data: { queue: { name: 'a.com/v1', event: { text: 'x' } } }, status: 'success', message: '' }));
    expect(xml.queues).toHaveLength(1);
    expect(json).toEqual(xml);
    expect(xml.queues[0]!.events).toEqual([{ type: null, time: null, text: 'x' }]);
  });

  it('maps missing leaves to null and a missing list to empty', () => {
    const list = parseBody('queues', 'xml', wrap('<queue><name>a.com/v1</name></queue>'));
    expect(list.queues[0]).toEqual({
      name: 'a.com/v1',
      domain: 'a.com',
      vmta: 'v1',
      rcp: null,
      kb: null,
      conn: null,
      paused: null,
      mode: null,
      retryTime: null,
      events: [],
    });
    expect(list.totalRcp).toBeNull();
    expect(list.truncated).toBe(false);
    expect(parseBody('queues', 'xml', wrap('<totalRcp>0</totalRcp>')).queues).toEqual([]);
  });

  it('flags a list shorter than totalQueuesWithRcp as truncated', () => {
    const list = parseBody('queues', 'xml', wrap('<queue><name>a.com/v1</name></queue><totalQueuesWithRcp>1428</totalQueuesWithRcp>'));
    expect(list.truncated).toBe(true);
  });

  it('rejects a non-numeric number naming the queue index and leaf', () => {
    const q = (i: number, rcp: string) => `<queue><name>d${i}.com/v</name><rcp>${rcp}</rcp></queue>`;
    const doc = wrap(q(0, '1') + q(1, '2') + q(2, '3') + q(3, '12x'));
    expect(() => parseBody('queues', 'xml', doc)).toThrow(PmtaParseError);
    expect(() => parseBody('queues', 'xml', doc)).toThrow('queue[3].rcp: expected a number, got "12x"');
    const json = JSON.stringify({ data: { queue: [{ name: 'a/b', kb: true }] }, status: 'success', message: '' });
    expect(() => parseBody('queues', 'json', json)).toThrow('queue[0].kb: expected a number, got true');
  });

  it('requires a queue name', () => {
    expect(() => parseBody('queues', 'xml', wrap('<queue><rcp>1</rcp></queue>'))).toThrow('queue[0].name: missing');
  });

  it('treats an unknown mode as null and a vmta-less name as vmta "*"', () => {
    const list = parseBody('queues', 'xml', wrap('<queue><name>gmail.com</name><mode>weird</mode></queue>'));
    expect(list.queues[0]).toMatchObject({ domain: 'gmail.com', vmta: '*', mode: null });
  });
});

describe('/queueDetail normalisation', () => {
  it('reads every section', () => {
    const d = parseBody('queueDetail', 'xml', QUEUE_DETAIL_XML);
    expect(d.name).toBe('gmail.com/vmta-1');
    expect(d.backoffReason).toBe('421 4.7.28 Our system has detected an unusual rate (pattern /4\\.7\\.28/ mode=backoff)');
    expect(d.errors).toEqual([
      { type: 'error', time: '2026-11-26 10:24:33', text: '421 4.7.28 a' },
      { type: 'error', time: '2026-11-26 10:20:00', text: '421 4.7.28 b' },
    ]);
    // No <event> elements: events mirror the errors so "last error" reads the same on both forms.
    expect(d.events[0]).toEqual({ type: 'error', time: '2026-11-26 10:24:33', text: '421 4.7.28 a' });
    expect(d.modeEvents).toEqual([{ time: '2026-11-26 10:24:33', mode: 'backoff', text: 'pattern matched' }]);
    expect(d.recipientEvents).toHaveLength(1);
    expect(d.recipientEvents[0]!.remoteMta).toBe('gmail-smtp-in.l.google.com (142.250.1.27)');
    expect(d.disabledSources).toEqual([{ ip: '203.0.113.11', until: '2026-11-26 11:00:00' }]);
  });

  it('gives the same model from XML and JSON (wrapped and bare lists)', () => {
    expect(parseBody('queueDetail', 'json', QUEUE_DETAIL_JSON)).toEqual(parseBody('queueDetail', 'xml', QUEUE_DETAIL_XML));
  });

  it('accepts the /queues form for errors', () => {
    const d = parseBody(
      'queueDetail',
      'xml',
      wrap(
        '<queue><name>a.com/v</name><event><type>error</type><time>t1</time><text>e1</text></event>' + '<event><type>info</type><text>i</text></event></queue>',
      ),
    );
    expect(d.errors).toEqual([{ type: 'error', time: 't1', text: 'e1' }]);
    expect(d.events).toHaveLength(2);
    expect(d.modeEvents).toEqual([]);
    expect(d.recipientEvents).toEqual([]);
    expect(d.disabledSources).toEqual([]);
    expect(d.backoffReason).toBeNull();
  });

  it('rejects a reply without a queue', () => {
    expect(() => parseBody('queueDetail', 'xml', wrap(''))).toThrow('not a /queueDetail reply: no <queue>');
  });
});
