import { afterEach, describe, expect, it } from 'vitest';
import { startSimNode, type SimNodeHandle, type SimNodeOptions } from './index';
import { AccessControl, isLoopback, parseAccessRule } from './http/auth';
import { postCommand, req, START } from '@/sim/__fixtures__/http-client';

let node: SimNodeHandle | null = null;
afterEach(async () => {
  await node?.stop();
  node = null;
});
const start = async (o: SimNodeOptions = {}) => (node = await startSimNode({ tickMs: 0, startTime: START, ...o }));
const KEY = 'k'.repeat(16) + '_0123456789ABCDEF';

describe('access levels', () => {
  it('default: loopback is monitor, so reads work and commands need a key', async () => {
    const n = await start({ apiKeys: [KEY] });
    expect((await req(`${n.url}/status?format=json`)).status).toBe(200);
    const denied = await postCommand(n.url, 'pause queue gmail.com');
    expect(denied.status).toBe(403);
    expect(denied.body).toBe('forbidden');
    expect(n.model.queues.some((q) => q.paused)).toBe(false);
    expect((await postCommand(n.url, 'pause queue gmail.com', { apiKey: 'wrong_key_wrong_key_wrong_key_wrong' })).status).toBe(403);
    expect((await postCommand(n.url, 'pause queue gmail.com', { apiKey: KEY })).status).toBe(200);
  });

  it('none: everything is forbidden without a key; a key is admin from any IP', async () => {
    const n = await start({ apiKeys: [KEY], access: ['127.0.0.0/8=none'] });
    for (const p of ['/status?format=xml', '/queues?format=json', '/logs', '/getFile?file=x.csv']) {
      const r = await req(`${n.url}${p}`);
      expect(r.status, p).toBe(403);
      expect(r.body).toBe('forbidden');
    }
    expect((await req(`${n.url}/status?format=xml`, { headers: { 'X-API-Key': KEY } })).status).toBe(200);
  });

  it('operator and admin IPs may run commands without a key', async () => {
    for (const level of ['operator', 'admin']) {
      const n = await start({ access: [`127.0.0.1/32=${level}`] });
      expect((await postCommand(n.url, 'pause queue gmail.com')).status).toBe(200);
      expect(n.model.queue('gmail.com/vmta-1')?.paused).toBe(true);
      await n.stop();
      node = null;
    }
  });

  it('first matching rule wins', async () => {
    const n = await start({ access: ['127.0.0.1/32=none', '127.0.0.0/8=admin'] });
    expect((await req(`${n.url}/status?format=json`)).status).toBe(403);
  });

  it('validates rules and keys', () => {
    expect(parseAccessRule('10.0.0.0/8=Operator')).toEqual({ cidr: '10.0.0.0/8', level: 'operator' });
    expect(() => parseAccessRule('10.0.0.0/8=root')).toThrow(/level/);
    expect(() => parseAccessRule('10.0.0.300/8=monitor')).toThrow(/address/);
    expect(() => new AccessControl([], ['short'], true)).toThrow(/32-128/);
    const ac = new AccessControl([{ cidr: '192.0.2.0/24', level: 'operator' }], [KEY], true);
    expect(ac.levelFor('::ffff:192.0.2.9', undefined)).toBe('operator');
    expect(ac.levelFor('198.51.100.1', undefined)).toBe('none');
    expect(ac.levelFor('198.51.100.1', KEY)).toBe('admin');
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopback('10.1.1.1')).toBe(false);
  });

  it('/_sim answers loopback clients regardless of http-access', async () => {
    const n = await start({ access: ['127.0.0.0/8=none'] });
    expect((await req(`${n.url}/_sim/state`)).status).toBe(200);
  });
});
