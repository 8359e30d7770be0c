import { describe, expect, it } from 'vitest';
import { parseBody } from './parse-body';

const wrap = (inner: string) => `<rsp><data>${inner}</data><succ/></rsp>`;
const env = (data: unknown, message = '') => JSON.stringify({ data, status: 'success', message });

describe('/domains and /domainDetail', () => {
  const xml = wrap(
    '<domain><name>gmail.com</name><rcp>80</rcp><kb>800.5</kb><conn>1</conn><queues>3</queues>' +
      '<lastError><time>2026-11-26 10:00:00</time><text>421 &amp; more</text></lastError></domain>' +
      '<domain><name>yahoo.com</name><rcp>2</rcp><kb>1</kb><conn>0</conn><queues>1</queues><lastError/></domain>',
  );
  const json = env({
    domain: [
      { name: 'gmail.com', rcp: 80, kb: 800.5, conn: 1, queues: 3, lastError: { time: '2026-11-26 10:00:00', text: '421 & more' } },
      { name: 'yahoo.com', rcp: 2, kb: 1, conn: 0, queues: 1, lastError: null },
    ],
  });

  it('reads domains with lastError, null when empty', () => {
    const d = parseBody('domains', 'xml', xml);
    expect(d).toEqual([
      { name: 'gmail.com', rcp: 80, kb: 800.5, conn: 1, queues: 3, lastError: { type: 'error', time: '2026-11-26 10:00:00', text: '421 & more' } },
      { name: 'yahoo.com', rcp: 2, kb: 1, conn: 0, queues: 1, lastError: null },
    ]);
    expect(parseBody('domains', 'json', json)).toEqual(d);
  });

  it('reads a domain detail with its queues', () => {
    const d = parseBody(
      'domainDetail',
      'xml',
      wrap('<domain><name>gmail.com</name><rcp>80</rcp><queue><name>gmail.com/v1</name><rcp>80</rcp><paused>no</paused></queue></domain>'),
    );
    expect(d.name).toBe('gmail.com');
    expect(d.queues).toBeNull();
    expect(d.queueList).toHaveLength(1);
    expect(d.queueList[0]).toMatchObject({ name: 'gmail.com/v1', domain: 'gmail.com', vmta: 'v1', rcp: 80, paused: false });
    const j = parseBody('domainDetail', 'json', env({ domain: { name: 'gmail.com', rcp: 80, queue: [{ name: 'gmail.com/v1', rcp: 80, paused: false }] } }));
    expect(j).toEqual(d);
  });

  it('names the path of a bad leaf', () => {
    expect(() => parseBody('domains', 'xml', wrap('<domain><name>a</name></domain><domain><name>b</name><conn>n/a</conn></domain>'))).toThrow(
      'domain[1].conn: expected a number, got "n/a"',
    );
  });
});

describe('/vmtas, /jobs, /logs', () => {
  it('reads vmtas', () => {
    const x = parseBody('vmtas', 'xml', wrap('<vmta><name>vmta-1</name><domains>3</domains><rcp>10</rcp><kb>1.5</kb><conn>2</conn></vmta>'));
    expect(x).toEqual([{ name: 'vmta-1', domains: 3, rcp: 10, kb: 1.5, conn: 2 }]);
    expect(parseBody('vmtas', 'json', env({ vmta: [{ name: 'vmta-1', domains: 3, rcp: 10, kb: 1.5, conn: 2 }] }))).toEqual(x);
  });

  it('reads jobs, a numeric JSON id becoming a string', () => {
    const x = parseBody('jobs', 'xml', wrap('<job><id>42</id><rcp>7</rcp><kb>3</kb></job>'));
    expect(x).toEqual([{ id: '42', rcp: 7, kb: 3 }]);
    expect(parseBody('jobs', 'json', env({ job: { id: 42, rcp: 7, kb: 3 } }))).toEqual(x);
  });

  it('reads log files', () => {
    const x = parseBody('logs', 'xml', wrap('<file><name>acct-2026-11-26-1000.csv</name><type>acct</type><size>12345</size><time>2026-11-26 10:00:00</time></file>'));
    expect(x).toEqual([{ name: 'acct-2026-11-26-1000.csv', type: 'acct', size: 12345, time: '2026-11-26 10:00:00' }]);
  });

  it('gives empty lists when nothing is queued', () => {
    expect(parseBody('vmtas', 'xml', wrap(''))).toEqual([]);
    expect(parseBody('jobs', 'json', env({}))).toEqual([]);
    expect(parseBody('logs', 'json', env(null))).toEqual([]);
  });
});

describe('command replies', () => {
  it('reads success text from JSON message, json-text data, XML text', () => {
    expect(parseBody('command', 'json', env({}, 'Queue(s) paused.'))).toEqual({ ok: true, text: 'Queue(s) paused.' });
    expect(parseBody('command', 'json', env('154 of 3888 matching queues scheduled.'))).toEqual({
      ok: true,
      text: '154 of 3888 matching queues scheduled.',
    });
    expect(parseBody('command', 'xml', wrap('<text>Queue(s) resumed.</text>'))).toEqual({ ok: true, text: 'Queue(s) resumed.' });
    expect(parseBody('command', 'xml', '<rsp><data>Queue(s) resumed.</data><succ/></rsp>')).toEqual({ ok: true, text: 'Queue(s) resumed.' });
  });

  it('returns PowerMTA refusing a command as ok: false with its words', () => {
    const err = JSON.stringify({ data: null, status: 'error', message: 'error: unknown command "frobnicate"' });
    expect(parseBody('command', 'json', err)).toEqual({ ok: false, text: 'error: unknown command "frobnicate"' });
    expect(parseBody('command', 'xml', '<rsp><err>no such queue</err></rsp>')).toEqual({ ok: false, text: 'no such queue' });
  });

  it('still throws on a malformed reply', () => {
    expect(() => parseBody('command', 'json', '<html>')).toThrow(/malformed JSON/);
  });
});
