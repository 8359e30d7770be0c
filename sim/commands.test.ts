import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandError, startSimNode, type SimNodeHandle } from './index';
import { tokenize } from './http/command-parse';
import { getJson, parseXml, postCommand, req, START } from '@/sim/__fixtures__/http-client';

let node: SimNodeHandle;
let base: string;
let key: string;

beforeAll(async () => {
  node = await startSimNode({ tickMs: 0, seed: 7, startTime: START, trackRecipientEvents: true });
  base = node.url;
  key = node.apiKey;
});
afterAll(() => node.stop());

const queue = async (name: string) => (await getJson(`${base}/queueDetail?format=json&queue=${name}`)).data.queue;

describe('tokenizer', () => {
  it('splits on whitespace and honours quotes and escapes', () => {
    expect(tokenize(`pause   queue 'gmail.com/*'`)).toEqual(['pause', 'queue', 'gmail.com/*']);
    expect(tokenize(`a "b c" d\\ e ""`)).toEqual(['a', 'b c', 'd e', '']);
    expect(() => tokenize('pause queue "gmail.com')).toThrow(CommandError);
  });
});

describe('POST /command', () => {
  it('pause: queue stops delivering and grows while others deliver; resume undoes it', async () => {
    const r = await postCommand(base, 'pause queue gmail.com/vmta-1', { apiKey: key });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ data: {}, status: 'success', message: 'Queue(s) paused.' });
    const before = await queue('gmail.com/vmta-1');
    expect(before.paused).toBe(true);
    const delivered = node.state().counts.delivered;
    const otherBefore = node.model.queue('gmail.com/vmta-2')?.recipientEvents.size ?? 0;
    node.advance(300);
    const after = await queue('gmail.com/vmta-1');
    expect(after.conn).toBe(0);
    expect(after.rcp).toBeGreaterThan(before.rcp);
    expect(node.state().counts.delivered).toBeGreaterThan(delivered);
    expect(node.model.queue('gmail.com/vmta-2')?.recipientEvents.size).toBeGreaterThan(otherBefore);
    const x = await postCommand(base, 'resume queue gmail.com/vmta-1', { apiKey: key, format: 'xml' });
    expect(parseXml(x.body).rsp.data.text).toBe('Queue(s) resumed.');
    expect((await queue('gmail.com/vmta-1')).paused).toBe(false);
  });

  it('schedule: retryTime becomes now', async () => {
    node.startBackoff('yahoo.com/vmta-1', 'yahoo', 1);
    const q = await queue('yahoo.com/vmta-1');
    const now = node.state().now;
    expect(q.retryTime > now).toBe(true);
    const r = await postCommand(base, 'schedule yahoo.com/*', { apiKey: key });
    expect(JSON.parse(r.body).message).toBe(`1 of ${node.model.queues.filter((x) => x.domain.name === 'yahoo.com').length} matching queues scheduled.`);
    expect((await queue('yahoo.com/vmta-1')).retryTime).toBe(now);
    expect((await postCommand(base, 'schedule --retry-recipients yahoo.com/vmta-1', { apiKey: key })).status).toBe(200);
  });

  it('set queue --mode=normal clears backoff; --mode=backoff forces it', async () => {
    node.startBackoff('hotmail.com/vmta-3', 'outlook', 600);
    expect((await queue('hotmail.com/vmta-3')).mode).toBe('backoff');
    const r = await postCommand(base, 'set queue --mode=normal hotmail.com/vmta-3', { apiKey: key, format: 'json-text' });
    expect(JSON.parse(r.body).data).toMatch(/^Mode set to normal for 1 queue\(s\)\.$/);
    const q = await queue('hotmail.com/vmta-3');
    expect(q.mode).toBe('normal');
    expect(q.backoffReason).toBe('');
    expect(q.modeEvents.event[0]).toMatchObject({ mode: 'normal' });
    await postCommand(base, 'set queue --mode=backoff comcast.net', { apiKey: key });
    expect(node.model.queues.filter((x) => x.domain.name === 'comcast.net').every((x) => x.mode === 'backoff')).toBe(true);
    node.command('set queue --mode=normal comcast.net');
  });

  it('show queues and show status return data', async () => {
    const j = JSON.parse((await postCommand(base, 'show queues --paused=no --maxitems=3 gmail.com', { apiKey: key })).body);
    expect(j.data.queue).toHaveLength(3);
    const t = JSON.parse((await postCommand(base, 'show queues --mode=backoff', { apiKey: key, format: 'json-text' })).body);
    expect(typeof t.data).toBe('string');
    const s = parseXml((await postCommand(base, 'show status', { apiKey: key, format: 'xml' })).body);
    expect(s.rsp.data.status.status).toBe('running');
  });

  it('accepts urlencoded bodies', async () => {
    const r = await req(`${base}/command`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-API-Key': key },
      body: new URLSearchParams({ command: 'pause queue aol.com', format: 'json' }).toString(),
    });
    expect(JSON.parse(r.body).message).toBe('Queue(s) paused.');
    node.command('resume queue aol.com');
  });

  it('reset counters zeroes traffic totals', async () => {
    node.advance(60);
    const before = (await getJson(`${base}/status?format=json`)).data.status.traffic;
    expect(before.total.out.rcp).toBeGreaterThan(0);
    const r = await postCommand(base, 'reset counters', { apiKey: key });
    expect(JSON.parse(r.body).message).toBe('Traffic counters reset.');
    const after = (await getJson(`${base}/status?format=json`)).data.status.traffic;
    expect(after.total.out).toEqual({ rcp: 0, msg: 0, kb: 0 });
    expect(after.total.in).toEqual({ rcp: 0, msg: 0, kb: 0 });
    expect(after.topPerHr.out.rcp).toBe(0);
    node.advance(10);
    const later = (await getJson(`${base}/status?format=json`)).data.status.traffic;
    expect(later.total.in.rcp).toBeGreaterThan(0);
    // The simulator's own tallies are not counters PowerMTA shows; they never reset.
    expect(node.state().counts.delivered).toBeGreaterThan(later.total.out.rcp);
  });

  it('rejects malformed and injection attempts without changing state', async () => {
    const snapshot = () => JSON.stringify(node.model.queues.map((q) => [q.name, q.paused, q.mode, q.retryAt, q.rcp]));
    const before = snapshot();
    const bad: [string, RegExp][] = [
      ['pause queue gmail.com/x; delete --queue=*/*', /unknown option|too many arguments/],
      ['pause queue gmail.com/x; delete', /too many arguments/],
      ['pause queue gmail.com/x;', /invalid queue name/],
      ['frobnicate', /unknown command "frobnicate"/],
      ['delete --orig=a@b.example', /unknown option|needs --queue/],
      ['delete', /needs --queue/],
      ['pause queue --force gmail.com', /unknown option "--force"/],
      ['set queue --mode=turbo gmail.com', /--mode=normal or --mode=backoff/],
      ['pause queue', /missing queue name/],
      ['pause gmail.com', /expects "queue"/],
      ['pause queue "gmail.com/*', /unterminated/],
      ['show queues --maxitems=lots', /invalid value/],
      ['resume queue $(reboot)', /invalid queue name/],
      ['', /no command/],
    ];
    for (const [cmd, re] of bad) {
      const r = await postCommand(base, cmd, { apiKey: key });
      expect(r.status, cmd).toBe(400);
      const j = JSON.parse(r.body);
      expect(j, cmd).toMatchObject({ data: null, status: 'error' });
      expect(j.message, cmd).toMatch(re);
    }
    const x = await postCommand(base, 'frobnicate', { apiKey: key, format: 'xml' });
    expect(x.status).toBe(400);
    expect(parseXml(x.body).rsp.err).toBe('error: unknown command "frobnicate"');
    expect(snapshot()).toBe(before);
    expect(() => node.command('frobnicate')).toThrow(CommandError);
  });

  it('refuses GET /command and unknown formats', async () => {
    expect((await req(`${base}/command?command=show+status`, { headers: { 'X-API-Key': key } })).status).toBe(405);
    expect((await postCommand(base, 'show status', { apiKey: key, format: 'yaml' })).status).toBe(400);
  });
});
