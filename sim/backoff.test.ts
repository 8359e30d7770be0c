import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimNode, type SimNodeHandle } from './index';
import { BACKOFF_RETRY_MS } from './model/episodes';
import { getJson, getXml, req, START } from '@/sim/__fixtures__/http-client';

let node: SimNodeHandle;
let base: string;

beforeAll(async () => {
  node = await startSimNode({ tickMs: 0, seed: 11, startTime: START });
  base = node.url;
});
afterAll(() => node.stop());

const detail = async (q: string) => (await getJson(`${base}/queueDetail?format=json&queue=${q}`)).data.queue;

describe('backoff episodes', () => {
  it('gmail 4.7.28: errors, backoff mode and reason, conn 0, retry pushed, tq rows, backlog grows, then recovery', async () => {
    node.advance(30);
    const tqBefore = node.state().counts.tq;
    const r = await req(`${base}/_sim/backoff?queue=gmail.com/vmta-1&provider=gmail&seconds=600`, { method: 'POST' });
    expect(JSON.parse(r.body)).toEqual({ ok: true, queues: 1 });
    const now = node.state().now;
    const q = await detail('gmail.com/vmta-1');
    expect(q.mode).toBe('backoff');
    expect(q.conn).toBe(0);
    expect(q.retryTime > now).toBe(true);
    expect(q.errors.error[0].text).toMatch(/^421 4\.7\.28 \[203\.0\.113\.11 +15\] Our system has detected an unusual rate of unsolicited mail/);
    expect(q.backoffReason).toMatch(/4\.7\.28.*\(pattern \/4\\\.7\\\.28\/ mode=backoff\)$/);
    expect(q.modeEvents.event[0].mode).toBe('backoff');
    expect(node.state().counts.tq).toBe(tqBefore + 1);

    // The list form carries the same error as an event; XML escapes nothing wrongly.
    const listed = (await getXml(`${base}/queues?format=xml&queue=gmail.com/vmta-1`)).data.queue[0];
    expect(listed.mode).toBe('backoff');
    expect(listed.event[0]).toMatchObject({ type: 'error' });
    expect(listed.event[0].text).toContain('4.7.28');

    // While the provider refuses, each retry fails again and the backlog grows.
    const rcp0 = q.rcp;
    node.advance(BACKOFF_RETRY_MS / 1000 + 1);
    const mid = await detail('gmail.com/vmta-1');
    expect(mid.mode).toBe('backoff');
    expect(mid.rcp).toBeGreaterThan(rcp0);
    expect(node.state().counts.tq).toBeGreaterThanOrEqual(tqBefore + 2);

    // After the episode: slow delivery in backoff, then back to normal.
    node.advance(3600);
    const after = await detail('gmail.com/vmta-1');
    expect(after.mode).toBe('normal');
    expect(after.modeEvents.event[0].text).toMatch(/\(backoff-to-normal-after\)$/);
    expect(after.backoffReason).toBe('');
  });

  it('yahoo TSS04 and outlook 4.7.650/S3150 replies', async () => {
    node.startBackoff('yahoo.com/vmta-2', 'yahoo', 300);
    expect((await detail('yahoo.com/vmta-2')).errors.error[0].text).toMatch(
      /^421 4\.7\.0 \[TSS04\] Messages from 203\.0\.113\.12 temporarily deferred due to unexpected volume or user complaints/,
    );
    const hit = node.startBackoff('*mail.com/*', 'outlook', 300);
    expect(hit).toBe(node.model.queues.filter((q) => /mail\.com$/.test(q.domain.name)).length);
    const texts = node.model.queues
      .filter((q) => q.domain.name === 'hotmail.com')
      .map((q) =>
        q.errors
          .newestFirst()
          .map((e) => e.text)
          .join('|'),
      );
    expect(texts.every((t) => /4\.7\.650 The mail server \[[\d.]+\] has been temporarily rate limited due to IP reputation|\(S3150\)/.test(t))).toBe(true);
    const blocked = node.model.queues.find((q) => q.disabledSources.length > 0);
    if (blocked) {
      const d = await detail(blocked.name);
      expect(d.disabledSources.source[0].ip).toBe(blocked.vmta.ip);
      expect(d.errors.error[0].text).toBe(`All SMTP sources for queue ${blocked.name} are now disabled.`);
    }
  });

  it('timeouts and DNS failures back off too', async () => {
    node.startBackoff('contoso.com', 'timeout', 120);
    node.startBackoff('fabrikam.com', 'dns', 120);
    const c = node.model.queues.find((q) => q.domain.name === 'contoso.com');
    const f = node.model.queues.find((q) => q.domain.name === 'fabrikam.com');
    expect(c?.mode).toBe('backoff');
    expect(c?.errors.first?.text).toMatch(/^ETIMEDOUT/);
    expect(f?.errors.first?.text).toMatch(/^StatusDnsQueryFailed/);
    const s = (await getJson(`${base}/status?format=json`)).data.status;
    expect(s.resolver.queriesPending).toBeGreaterThan(0);
  });

  it('control endpoint validates its input', async () => {
    expect((await req(`${base}/_sim/backoff?queue=gmail.com&provider=aliens`, { method: 'POST' })).status).toBe(400);
    expect((await req(`${base}/_sim/backoff?queue=gmail.com&provider=gmail`)).status).toBe(405);
    expect((await req(`${base}/_sim/nope`, { method: 'POST' })).status).toBe(404);
    expect(() => node.startBackoff('a;b', 'gmail', 1)).toThrow(/invalid/);
  });

  it('advance and stall controls', async () => {
    const t0 = node.state().nowMs;
    await req(`${base}/_sim/advance?seconds=90`, { method: 'POST' });
    expect(node.state().nowMs).toBe(t0 + 90_000);
    await req(`${base}/_sim/stall?ms=150`, { method: 'POST' });
    expect(node.state().stallMs).toBe(150);
    const started = Date.now();
    expect((await req(`${base}/status?format=json`)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    node.setStall(0);
  });
});

it('free-running nodes have occasional seeded episodes that recover', async () => {
  const n = await startSimNode({ tickMs: 0, seed: 21, startTime: START, injectRate: 1, randomEpisodes: true });
  try {
    n.advance(6 * 3600);
    const entered = n.model.queues.filter((q) => q.modeEvents.newestFirst().some((e) => e.mode === 'backoff'));
    expect(entered.length).toBeGreaterThan(0);
    expect(n.state().counts.tq).toBeGreaterThan(0);
    expect(entered.some((q) => q.mode === 'normal')).toBe(true);
  } finally {
    await n.stop();
  }
});
