// Issue 12, "Real PowerMTA installs", end to end against the simulator: a strict node (honours
// only `maxItems`, lists errors only with `errors=`) with `{default}` queues, a Unicode IDN
// queue and a clock 9 h ahead. Every queue and every error reaches the console, each action on
// `gmail.com/{default}` and on `bücher.de/vmta-1` arrives at the node exactly as written and
// changes its state, and the console shows the last error's true age.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as act } from '@/app/api/actions/route';
import { GET as domainApi } from '@/app/api/domains/[domain]/route';
import { GET as nodesApi } from '@/app/api/nodes/route';
import type { NodesResponse } from '@/lib/api/responses';
import { authedRequest, TEST_ORIGIN } from '@/lib/auth/__fixtures__/test-auth';
import type { DomainView } from '@/lib/read-models/domain-view';
import type { ActionResponse } from './types';
import { startTestFleet, type TestFleet } from './__fixtures__/test-fleet';

let t: TestFleet;
// startTestFleet advances each node 120 s: start them 120 s in the past so their clocks are true.
const simStart = () => Math.floor((Date.now() - 120_000) / 1000) * 1000;

beforeAll(async () => {
  t = await startTestFleet([
    { id: 'tokyo', sim: { strictParams: true, tzOffsetMinutes: 540, defaultVmtaQueues: true, startTime: simStart() } },
    { id: 'skewed', sim: { tzOffsetMinutes: 3, startTime: simStart() } },
  ]);
}, 30_000);
afterAll(() => t.stop());

const tokyo = () => t.sims.get('tokyo')!;

async function run(body: Record<string, unknown>) {
  const res = await act(await authedRequest(`${TEST_ORIGIN}/api/actions`, { as: 'operator', method: 'POST', body }));
  const json = (await res.json()) as ActionResponse;
  expect(res.status, JSON.stringify(json)).toBe(200);
  return json;
}

async function domain(name: string) {
  const res = await domainApi(await authedRequest(`${TEST_ORIGIN}/api/domains/${encodeURIComponent(name)}`), {
    params: Promise.resolve({ domain: encodeURIComponent(name) }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as DomainView;
}

describe('a strict node with {default} queues, a Unicode IDN queue and a clock 9 h ahead', () => {
  it('lists every queue and every error', async () => {
    tokyo().startBackoff('gmail.com/{default}', 'gmail', 900);
    tokyo().startBackoff('bücher.de/vmta-1', 'timeout', 900);
    await t.fleet.pollAll();
    const table = t.fleet.node('tokyo')!.poller.snapshot.queues!;
    const sim = tokyo().model.queues;
    expect(table.count).toBe(sim.length); // not the 10 a strict node returns for `maxitems` alone
    const listed = new Map(Array.from({ length: table.count }, (_, i) => [table.row(i).name, table.row(i)]));
    for (const q of sim) {
      const row = listed.get(q.name);
      expect(row, q.name).toBeDefined();
      expect(
        row!.events.map((e) => e.text),
        q.name,
      ).toEqual(q.errors.newestFirst(5).map((e) => e.text));
    }
    expect(listed.has('gmail.com/{default}')).toBe(true);
    expect(listed.has('bücher.de/vmta-1')).toBe(true);

    const nodes = (await (await nodesApi(await authedRequest(`${TEST_ORIGIN}/api/nodes`))).json()) as NodesResponse;
    const [tk, sk] = [nodes.nodes.find((n) => n.id === 'tokyo')!, nodes.nodes.find((n) => n.id === 'skewed')!];
    expect(tk.truncated).toBeNull();
    expect(tk.clock).toMatchObject({ zoneMinutes: 540, skewed: false, label: 'UTC+09:00' });
    expect(sk.clock).toMatchObject({ zoneMinutes: 0, skewed: true, label: 'UTC+00:00 · clock 3 min fast' });
    expect(Math.abs(sk.clock!.skewSeconds - 180)).toBeLessThan(30); // the simulators' clocks are frozen while the test runs
  });

  for (const queue of ['gmail.com/{default}', 'bücher.de/vmta-1']) {
    it(`pause, resume, retry and reset backoff on ${queue} reach the node exactly`, async () => {
      const q = tokyo().model.queue(queue)!;
      const base = { pattern: queue, nodes: ['tokyo'] };
      const last = () => tokyo().state().commands.at(-1);

      expect((await run({ ...base, action: 'pause' })).results[0]).toMatchObject({ status: 'ok', text: 'Queue(s) paused.' });
      expect(last()).toBe(`pause queue ${queue}`);
      expect(q.paused).toBe(true);
      expect(
        tokyo()
          .model.queues.filter((x) => x.paused)
          .map((x) => x.name),
      ).toEqual([queue]);

      await run({ ...base, action: 'resume' });
      expect(last()).toBe(`resume queue ${queue}`);
      expect(q.paused).toBe(false);

      expect(q.retryAt).toBeGreaterThan(tokyo().model.now);
      await run({ ...base, action: 'retry' });
      expect(last()).toBe(`schedule ${queue}`);
      expect(q.retryAt).toBe(tokyo().model.now);

      expect(q.mode).toBe('backoff');
      await run({ ...base, action: 'reset-backoff' });
      expect(last()).toBe(`set queue --mode=normal ${queue}`);
      expect(q.mode).toBe('normal');
      expect(t.sent.get('skewed')).toEqual([]);
    });
  }

  it('the drill-down shows the last error with its true age, found by either IDN form', async () => {
    tokyo().startBackoff('bücher.de/vmta-1', 'timeout', 900);
    await t.fleet.pollAll();
    const errorAt = tokyo().model.queue('bücher.de/vmta-1')!.errors.first!.time;
    for (const name of ['bücher.de', 'xn--bcher-kva.de']) {
      const v = await domain(name);
      expect(v.queues.map((q) => `${q.node}:${q.name}`)).toContain('tokyo:bücher.de/vmta-1');
      const row = v.queues.find((q) => q.node === 'tokyo' && q.name === 'bücher.de/vmta-1')!;
      expect(row.lastErrorAt).toBe(errorAt);
      const err = v.errors.find((e) => e.node === 'tokyo')!;
      expect(err.at).toBe(errorAt);
      // The node printed 9 h ahead; read as console time the error would be 9 h in the future.
      expect(Math.abs(Date.now() - err.at!)).toBeLessThan(60_000);
      expect(row.retryAt! - errorAt).toBe(5 * 60_000); // backoff-retry-after, not 9 h 5 min
      expect(v.verdicts.find((x) => x.node === 'tokyo')!.reasons.some((r) => /^last error (just now|\d min ago): /.test(r))).toBe(true);
    }
  });
});
