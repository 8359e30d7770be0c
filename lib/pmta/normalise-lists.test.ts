import { describe, expect, it } from 'vitest';
import { parseBody } from './parse-body';

const wrap = (inner: string) => `<rsp><data>${inner}</data><succ/></rsp>`;
const env = (data: unknown, message = '') => JSON.stringify({ data, status: 'success', message });

describe('/logs', () => {
  it('reads log files', () => {
    const x = parseBody(
      'logs',
      'xml',
      wrap('<file><name>acct-2026-11-26-1000.csv</name><type>acct</type><size>12345</size><time>2026-11-26 10:00:00</time></file>'),
    );
    expect(x).toEqual([{ name: 'acct-2026-11-26-1000.csv', type: 'acct', size: 12345, time: '2026-11-26 10:00:00' }]);
  });

  it('gives an empty list when there are no files', () => {
    expect(parseBody('logs', 'json', env({}))).toEqual([]);
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
