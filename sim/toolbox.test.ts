import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimNode, type SimNodeHandle } from './index';
import { getJson, postCommand, START } from '@/sim/__fixtures__/http-client';

let node: SimNodeHandle;
let base: string;
let key: string;

beforeAll(async () => {
  node = await startSimNode({ tickMs: 0, seed: 9, startTime: START, licenseDays: 20 });
  node.advance(120);
  base = node.url;
  key = node.apiKey;
});
afterAll(() => node.stop());

const send = async (cmd: string) => {
  const r = await postCommand(base, cmd, { apiKey: key });
  return { status: r.status, body: JSON.parse(r.body) as { status: string; message: string; data: unknown } };
};
const job = async (id: string) => ((await getJson(`${base}/jobs?format=json`)).data.job as { id: string; paused: boolean }[]).find((j) => j.id === id);
const queue = async (name: string) => (await getJson(`${base}/queueDetail?format=json&queue=${name}`)).data.queue;

describe('toolbox commands on the simulator', () => {
  it('pause job / resume job flip the job in /jobs (guide §6.3.24 reply)', async () => {
    expect((await send('pause job spring-sale-2026')).body.message).toBe('paused job.');
    expect((await job('spring-sale-2026'))?.paused).toBe(true);
    await send('resume job spring-sale-2026');
    expect((await job('spring-sale-2026'))?.paused).toBe(false);
    expect((await send('pause job no-such-job')).body.status).not.toBe('success');
  });

  it('disable / enable source lists and unlists the IP on /queueDetail and show disabled sources', async () => {
    await send('disable source --reenable-after=1h 192.0.2.7 yahoo.com/vmta-1');
    expect((await queue('yahoo.com/vmta-1')).disabledSources.source).toEqual([expect.objectContaining({ ip: '192.0.2.7' })]);
    const listed = (await send('show disabled sources yahoo.com/*')).body.message;
    expect(listed).toMatch(/yahoo\.com\/vmta-1 192\.0\.2\.7/);
    await send('enable source 192.0.2.7 yahoo.com/vmta-1');
    expect((await queue('yahoo.com/vmta-1')).disabledSources.source ?? []).toEqual([]);
    expect((await send('disable source 1.2.3 yahoo.com/vmta-1')).body.status).not.toBe('success');
  });

  it('delete needs --queue and empties the matching queues', async () => {
    expect((await send('delete')).body.status).not.toBe('success');
    const before = node.model.queue('hotmail.com/vmta-1')!.rcp;
    expect(before).toBeGreaterThan(0);
    expect((await send('delete --queue=hotmail.com/vmta-1 --older-than=1d')).body.message).toBe('0 recipient(s) deleted.'); // uptime < 1d
    expect((await send('delete --queue=hotmail.com/vmta-1')).body.message).toBe(`${before} recipient(s) deleted.`);
    expect(node.model.queue('hotmail.com/vmta-1')!.rcp).toBe(0);
  });

  it('show settings and show license', async () => {
    const s = (await send('show settings gmail.com/vmta-1')).body.message;
    expect(s).toMatch(/^Virtual MTA Settings\n[\s\S]*Queue Settings\n[\s\S]*max-msg-rate 600\/h/);
    expect((await send('show license')).body.message).toMatch(/Expires: \d{4}-\d{2}-\d{2}/);
  });

  it('a restart forgets pauses and disabled sources and moves startupTime', async () => {
    const started = (await getJson(`${base}/status?format=json`)).data.status.startupTime;
    await send('pause queue gmail.com/vmta-1');
    await send('pause job weekly-digest-481');
    await send('disable source 203.0.113.11 gmail.com/vmta-1');
    node.advance(60);
    const r = await fetch(`${base}/_sim/restart`, { method: 'POST' });
    expect(r.status).toBe(200);
    expect((await queue('gmail.com/vmta-1')).paused).toBe(false);
    expect((await job('weekly-digest-481'))?.paused).toBe(false);
    expect((await getJson(`${base}/status?format=json`)).data.status.startupTime).not.toBe(started);
  });
});
