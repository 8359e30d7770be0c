// The composition root against a simulated node: building starts nothing, start() wires the
// parts (polls reach history, operator actions reach history's annotations), stop() ends it,
// and getRuntime() never builds one by itself.
import { afterEach, describe, expect, it } from 'vitest';
import { startSimNode, type SimNodeHandle } from '@/sim';
import { domainHistory } from '@/lib/history/handlers';
import { buildTestRuntime } from './__fixtures__/test-runtime';
import { getRuntime, installRuntimeForTesting } from './current';
import type { Runtime } from './runtime';
import { testRuntimeBackend } from '@/lib/store/__fixtures__/backends';

let sim: SimNodeHandle | undefined;
let rt: Runtime | undefined;
afterEach(async () => {
  installRuntimeForTesting(null);
  await rt?.stop();
  await sim?.stop();
  rt = sim = undefined;
});

async function simRuntime(): Promise<Runtime> {
  sim = await startSimNode({ id: 'r1', tickMs: 0, seed: 3 });
  sim.advance(120);
  return buildTestRuntime({ nodes: [{ id: 'r1', url: sim.url, apiKey: sim.apiKey }], config: { pollIntervalSeconds: 1 } });
}

describe('runtime', () => {
  it('getRuntime() throws until a runtime is installed, and never builds one', () => {
    expect(() => getRuntime()).toThrow(/not started/);
  });

  it('builds without polling; start() polls, samples history, and stop() ends it', async () => {
    rt = await simRuntime();
    await new Promise((r) => setTimeout(r, 1_200));
    expect(rt.fleet.nodes[0]!.poller.snapshot.statusAt).toBeNull(); // built, not started
    expect(rt.store.kind).toBe(testRuntimeBackend());

    rt.start();
    const deadline = Date.now() + 10_000;
    while (rt.fleet.nodes[0]!.poller.snapshot.queuesAt === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await rt.fleet.recorded();
    // The sampler listens to the fleet. Its write is synchronous on SQLite; on PostgreSQL it
    // lands shortly after the recording step, so ask until it is there (or the deadline).
    const sampled = async () => {
      const now = Date.now();
      const series = (await rt!.history.store.query('node.queued.rcp', {}, now - 60_000, now + 1_000, undefined, now)).series;
      return series.flatMap((s) => s.points).some(([, v]) => v !== null);
    };
    let seen = await sampled();
    for (const until = Date.now() + 5_000; !seen && Date.now() < until; seen = await sampled()) await new Promise((r) => setTimeout(r, 100));
    expect(seen).toBe(true);

    await rt.stop();
    const polled = rt.fleet.nodes[0]!.poller.snapshot.statusAt;
    await new Promise((r) => setTimeout(r, 1_500));
    expect(rt.fleet.nodes[0]!.poller.snapshot.statusAt).toBe(polled); // no more polls
    rt = undefined;
  });

  it('builds accounting for a webhook-only node and names its source in the start-up log', async () => {
    const lines: string[] = [];
    rt = buildTestRuntime({
      log: (m) => lines.push(m),
      config: { accounting: { nodes: { test: { sources: [{ id: 'push', kind: 'webhook', secret: '0123456789abcdef0123' }] } } } },
    });
    expect(rt.accounting.ingesters).toEqual([]);
    expect(rt.accounting.webhook('test')?.config.id).toBe('push');
    expect(rt.accounting.hasSources()).toBe(true); // history's delivered rates come from the store
    rt.start();
    expect(lines).toContain('[accounting] ingesting test/push (webhook)');
  });

  it("injects the audit log as history's annotation source", async () => {
    rt = await simRuntime();
    const now = Date.now();
    await rt.audit.start({
      at: now - 60_000,
      user: 'olivia',
      clientAddress: '192.0.2.1',
      action: 'pause',
      pattern: 'gmail.com/*',
      command: 'pause queue gmail.com/*',
      nodes: ['r1'],
      reason: null,
      resumeAt: null,
    });
    const body = await domainHistory(rt.history.context(now), 'gmail.com', now - 3_600_000, now);
    expect(body.annotations).toEqual([expect.objectContaining({ at: now - 60_000, user: 'olivia', action: 'pause', pattern: 'gmail.com/*' })]);
  });
});
