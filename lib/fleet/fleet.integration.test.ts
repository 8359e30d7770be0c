// The fleet against the real simulator: polling, health transitions, isolation of slow nodes.
import { afterEach, describe, expect, it } from 'vitest';
import { startSimNode, type SimNodeHandle } from '@/sim';
import { configSchema } from '@/lib/config/schema';
import { Fleet } from './fleet';
import { ParsePool } from './parse-pool';

const pool = new ParsePool(); // one parse worker for this file's fleets

const started: { sims: SimNodeHandle[]; fleets: Fleet[] } = { sims: [], fleets: [] };

afterEach(async () => {
  started.fleets.forEach((f) => f.stop());
  await Promise.all(started.sims.map((s) => s.stop()));
  started.sims = [];
  started.fleets = [];
});

async function sim(opts: Parameters<typeof startSimNode>[0] = {}) {
  const s = await startSimNode({ tickMs: 0, ...opts });
  s.advance(120); // some traffic and backlog
  started.sims.push(s);
  return s;
}

function fleet(nodes: { id: string; url: string; apiKey?: string; format?: 'auto' | 'xml' | 'json'; timeoutMs?: number }[], pollIntervalSeconds = 10) {
  const f = new Fleet(configSchema.parse({ pollIntervalSeconds, nodes }), pool);
  started.fleets.push(f);
  return f;
}

describe('fleet against the simulator', () => {
  it('polls every node and exposes the same queues PowerMTA reports, in XML and JSON', async () => {
    const a = await sim({ id: 'a', seed: 3 });
    const f = fleet([
      { id: 'json', url: a.url, format: 'json' },
      { id: 'xml', url: a.url, format: 'xml' },
    ]);
    const outcomes = await f.pollAll();
    expect(outcomes.map((o) => o.ok)).toEqual([true, true]);
    const state = a.state();
    for (const n of f.nodes) {
      expect(n.poller.health().state).toBe('ok');
      const t = n.poller.snapshot.queues!;
      expect(t.count).toBe(state.queues.total);
      let rcp = 0;
      for (let i = 0; i < t.count; i++) rcp += t.columns.rcp[i]!;
      expect(rcp).toBe(state.queues.totalRcp);
      expect(n.poller.snapshot.status?.queue.smtp?.rcp).toBe(state.queues.totalRcp);
    }
    const [j, x] = f.nodes.map((n) => n.poller.snapshot.queues!);
    expect(j!.names).toEqual(x!.names);
    expect(Array.from(j!.columns.rcp)).toEqual(Array.from(x!.columns.rcp));
  });

  it('goes down with the reason when the node stops, keeps the last data, recovers when it returns', async () => {
    const a = await sim({ id: 'a' });
    const f = fleet([{ id: 'a', url: a.url }]);
    const n = f.nodes[0]!;
    await n.poller.pollNow();
    expect(n.poller.health().state).toBe('ok');
    const before = n.poller.snapshot.queues;

    await a.stopServer();
    await n.poller.pollNow(); // may fail on the dying keep-alive socket (reset) …
    await n.poller.pollNow(); // … the next one meets a closed port
    const down = n.poller.health();
    expect(down).toMatchObject({ state: 'down', reason: 'refused', consecutiveFailures: 2 });
    expect(down.message).toContain('/status');
    expect(n.poller.snapshot.queues).toBe(before); // last good data stays

    await a.restartServer();
    await n.poller.pollNow();
    expect(n.poller.health()).toMatchObject({ state: 'ok', reason: null, consecutiveFailures: 0 });
    expect(n.poller.snapshot.queues).not.toBe(before);
  });

  it('reports forbidden without an API key where http-access denies the console', async () => {
    const a = await sim({ id: 'a', access: ['127.0.0.1/32=none'] });
    const f = fleet([
      { id: 'nokey', url: a.url },
      { id: 'key', url: a.url, apiKey: a.apiKey },
    ]);
    await f.pollAll();
    expect(f.node('nokey')!.poller.health()).toMatchObject({ state: 'down', reason: 'forbidden' });
    expect(f.node('key')!.poller.health().state).toBe('ok');
  });

  it('a stalled node does not delay the polls of another', async () => {
    const slow = await sim({ id: 'slow' });
    const fast = await sim({ id: 'fast', seed: 9 });
    slow.setStall(5_000);
    const f = fleet(
      [
        { id: 'slow', url: slow.url, timeoutMs: 2_000 },
        { id: 'fast', url: fast.url },
      ],
      1,
    );
    f.start();
    const fastNode = f.node('fast')!;
    // While the slow node's first poll hangs, the fast node completes several polls.
    await new Promise((r) => setTimeout(r, 1_800));
    expect(fastNode.poller.snapshot.version).toBeGreaterThanOrEqual(2);
    expect(fastNode.poller.health().state).toBe('ok');
    expect(f.node('slow')!.poller.snapshot.version).toBe(0);
    await new Promise((r) => setTimeout(r, 700));
    expect(f.node('slow')!.poller.health()).toMatchObject({ state: 'down', reason: 'timeout' });
  });
});
