// Bounce and complaint rates from the simulator's real accounting files, ingested by the
// runtime: with low thresholds the rules fire per domain, vMTA and job after a slice, and never
// under the minimum-volume guard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimNode, type SimNodeHandle } from '@/sim';
import { buildTestRuntime } from '@/lib/runtime/__fixtures__/test-runtime';
import type { Runtime } from '@/lib/runtime/runtime';

let sim: SimNodeHandle;
let rt: Runtime;

beforeAll(async () => {
  // Accounting times are the simulated clock's: start it an hour ago so the last hour has mail.
  sim = await startSimNode({ id: 'pmta1', tickMs: 0, seed: 7, startTime: Date.now() - 3_600_000, injectRate: 20 });
  sim.advance(3000);
  sim.state(); // flushes the accounting lines
}, 30_000);
afterAll(async () => {
  await rt?.stop();
  await sim?.stop();
});

function runtime(minDelivered: number): Runtime {
  return buildTestRuntime({
    nodes: [{ id: 'pmta1', url: sim.url, apiKey: sim.apiKey }],
    config: {
      accounting: {
        nodes: { pmta1: { source: 'dir', dir: sim.acctDir, pollSeconds: 3600, settleSeconds: 0 } },
        thresholds: { complaintRatePct: 0.1, bounceRatePct: 5, minDelivered },
      },
      alerts: { rules: { 'bounce-rate': { threshold: 0.01 }, 'complaint-rate': { threshold: 0.0001 } } },
    },
  });
}

async function slice(r: Runtime): Promise<void> {
  r.alerts.start();
  await r.accounting.ingesters[0]!.pollNow();
  await r.alerts.settled();
}

describe('bounce-rate and complaint-rate rules', () => {
  it('fire per domain, vMTA and job after an accounting slice', async () => {
    rt = runtime(1);
    await slice(rt);
    const alerts = (await rt.alerts.snapshot()).alerts.filter((a) => a.state === 'firing');
    const bounce = alerts.filter((a) => a.rule === 'bounce-rate');
    expect(bounce.some((a) => a.labels.domain)).toBe(true);
    expect(bounce.some((a) => a.labels.vmta)).toBe(true);
    expect(bounce.some((a) => a.labels.job)).toBe(true);
    const a = bounce.find((x) => x.labels.domain)!;
    expect(a.summary).toMatch(new RegExp(`^domain ${a.labels.domain!.replace(/\./g, '\\.')} on pmta1: bounce rate [\\d.]+ % in the last hour`));
    expect(a.link).toBe(`/bounces?node=pmta1&domain=${encodeURIComponent(a.labels.domain!)}`);
    expect(alerts.some((x) => x.rule === 'complaint-rate')).toBe(true);
    await rt.stop();
  }, 30_000);

  it('stay quiet under the minimum volume', async () => {
    rt = runtime(10_000_000);
    await slice(rt);
    expect((await rt.alerts.snapshot()).alerts.filter((a) => a.rule === 'bounce-rate' || a.rule === 'complaint-rate')).toEqual([]);
  }, 30_000);
});
