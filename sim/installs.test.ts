// What real installs do that a tidy lab would not: `{default}` queues, Unicode IDN queue names,
// strict list parameters, node clocks in other zones, PowerMTA's defaults for backoff recovery
// and recipient events, and `show version` in PowerMTA's words.
import { afterAll, describe, expect, it } from 'vitest';
import { startSimFleet, startSimNode, type SimNodeHandle, type SimNodeOptions } from './index';
import { getJson, postCommand, START } from './__fixtures__/http-client';

const started: SimNodeHandle[] = [];
const node = async (o: SimNodeOptions = {}) => {
  const n = await startSimNode({ tickMs: 0, seed: 5, startTime: START, ...o });
  started.push(n);
  return n;
};
afterAll(() => Promise.all(started.map((n) => n.stop())));

const names = async (n: SimNodeHandle, qs: string) =>
  ((await getJson(`${n.url}/queues?format=json&${qs}`)).data.queue as { name: string }[]).map((q) => q.name);

describe('queue names', () => {
  it('lists {default} queues and one Unicode IDN queue, and acts on them exactly', async () => {
    const n = await node();
    const all = await names(n, 'maxitems=100000');
    expect(all).toContain('gmail.com/{default}');
    expect(all.filter((x) => x.startsWith('bücher.de/'))).toEqual(['bücher.de/vmta-1']);
    expect(all).toContain('xn--bcher-kva.example/vmta-1');
    const r = await postCommand(n.url, 'pause queue gmail.com/{default}', { apiKey: n.apiKey });
    expect(JSON.parse(r.body).message).toBe('Queue(s) paused.');
    expect(n.model.queue('gmail.com/{default}')?.paused).toBe(true);
    expect(n.model.queue('gmail.com/vmta-1')?.paused).toBe(false);
    await postCommand(n.url, 'pause queue bücher.de/vmta-1', { apiKey: n.apiKey });
    expect(n.model.queue('bücher.de/vmta-1')?.paused).toBe(true);
    expect(n.state().commands).toEqual(['pause queue gmail.com/{default}', 'pause queue bücher.de/vmta-1']);
    expect((await postCommand(n.url, 'pause queue gmail.com/{x;y}', { apiKey: n.apiKey })).status).toBe(400);
  });

  it('a fleet mixes installs: odd nodes have {default} queues, even ones do not', async () => {
    const f = await startSimFleet({ nodes: 2, tickMs: 0, startTime: START });
    try {
      expect(f.nodes[0]!.model.queue('gmail.com/{default}')).toBeDefined();
      expect(f.nodes[1]!.model.queue('gmail.com/{default}')).toBeUndefined();
    } finally {
      await f.stop();
    }
  });
});

describe('--strict-params', () => {
  it('honours only maxItems and lists errors only with errors=', async () => {
    const n = await node({ strictParams: true });
    n.startBackoff('gmail.com/vmta-1', 'gmail', 600);
    expect(await names(n, 'maxitems=100000')).toHaveLength(10);
    expect((await names(n, 'maxItems=100000')).length).toBe(n.model.queues.length);
    const q = async (qs: string) => (await getJson(`${n.url}/queues?format=json&queue=gmail.com/vmta-1&${qs}`)).data.queue[0];
    expect((await q('')).event).toBeUndefined();
    expect((await q('errors=no')).event).toBeUndefined();
    expect((await q('errors=yes')).event[0].text).toMatch(/4\.7\.28/);
    const d = async (qs: string) =>
      (await getJson(`${n.url}/domains?format=json&maxItems=1000&${qs}`)).data.domain.find((x: { name: string }) => x.name === 'gmail.com');
    expect((await d('')).lastError).toBeUndefined();
    expect((await d('errors=yes')).lastError.text).toMatch(/4\.7\.28/);
    // Without the option both spellings work and errors always come.
    const loose = await node();
    expect((await names(loose, 'maxitems=100000')).length).toBe(loose.model.queues.length);
  });
});

describe('--tz-offset', () => {
  it('prints every monitor time in the node zone; the instant stays the same', async () => {
    const ahead = await node({ tzOffsetMinutes: 540 });
    const behind = await node({ tzOffsetMinutes: -300 });
    const timeNow = async (n: SimNodeHandle) => (await getJson(`${n.url}/status?format=json`)).data.status.timeNow as string;
    expect(await timeNow(ahead)).toBe('2026-11-26 19:00:00');
    expect(await timeNow(behind)).toBe('2026-11-26 05:00:00');
    expect(ahead.state().nowMs).toBe(Date.parse(START));
    ahead.startBackoff('gmail.com/vmta-1', 'gmail', 600);
    const q = (await getJson(`${ahead.url}/queueDetail?format=json&queue=gmail.com/vmta-1`)).data.queue;
    expect(q.errors.error[0].time).toBe('2026-11-26 19:00:00');
    expect(q.retryTime).toBe('2026-11-26 19:05:00');
  });
});

describe("PowerMTA's defaults", () => {
  it('recipient events only with track-recipient-events', async () => {
    const off = await node();
    const on = await node({ trackRecipientEvents: true });
    off.advance(120);
    on.advance(120);
    const detail = async (n: SimNodeHandle) => (await getJson(`${n.url}/queueDetail?format=json&queue=gmail.com/vmta-1`)).data.queue;
    expect((await detail(off)).recipientEvents).toBeUndefined();
    expect((await detail(on)).recipientEvents.event.length).toBeGreaterThan(0);
  });

  it('backoff-to-normal-after-delivery: off by default; when on, one delivery ends backoff', async () => {
    const on = await node({ backoffToNormalAfterDelivery: true, backoffToNormalAfterMinutes: 0 });
    const off = await node({ backoffToNormalAfterMinutes: 0 });
    for (const n of [on, off]) n.startBackoff('gmail.com/vmta-1', 'gmail', 1);
    // Step a second at a time until the queue has delivered in backoff (or left it).
    const untilDelivered = (n: SimNodeHandle) => {
      const q = n.model.queue('gmail.com/vmta-1')!;
      for (let i = 0; i < 3600 && q.mode === 'backoff' && q.backoffDeliveries === 0; i++) n.advance(1);
      return q;
    };
    const q = untilDelivered(on);
    expect(q.mode).toBe('normal');
    expect(q.modeEvents.first?.text).toMatch(/after a successful delivery \(backoff-to-normal-after-delivery\)/);
    const stays = untilDelivered(off);
    expect(stays.backoffDeliveries).toBeGreaterThan(0);
    expect(stays.mode).toBe('backoff');
  });

  it('show version answers in PowerMTA form', async () => {
    const n = await node();
    const r = await postCommand(n.url, 'show version', { apiKey: n.apiKey, format: 'json-text' });
    expect(JSON.parse(r.body).data).toBe('PowerMTA v5.0r5 (2020-07-06 17:39:50, 64-bit; v5_0r5@200706.c291ebf).');
  });
});
