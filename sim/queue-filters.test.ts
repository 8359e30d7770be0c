// The /queues filters the console's adaptive polling sends (lib/fleet/node-poller.ts
// partialListParams), exactly as it sends them, in both reply formats and with the strict
// parameter spelling: the simulator lists what each asks for, with whole-node totals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partialListParams } from '@/lib/fleet/node-poller';
import { startSimNode, type SimNodeHandle } from './index';
import { getJson, START } from '@/sim/__fixtures__/http-client';

type Item = { name: string; rcp: number; mode: string; paused: boolean };

let node: SimNodeHandle;
let strict: SimNodeHandle;
let ignoring: SimNodeHandle;

beforeAll(async () => {
  [node, strict, ignoring] = await Promise.all([
    startSimNode({ tickMs: 0, seed: 7, startTime: START }),
    startSimNode({ tickMs: 0, seed: 7, startTime: START, strictParams: true }),
    startSimNode({ tickMs: 0, seed: 7, startTime: START, ignoredQueueFilters: ['mode', 'paused'] }),
  ]);
  for (const n of [node, strict, ignoring]) {
    n.advance(120);
    n.startBackoff('gmail.com/*', 'gmail', 600);
    n.command('pause queue aol.com/*');
    n.advance(10);
  }
});
afterAll(() => Promise.all([node, strict, ignoring].map((n) => n.stop())));

async function list(n: SimNodeHandle, params: Record<string, string>) {
  const r = await getJson(`${n.url}/queues?${new URLSearchParams({ ...params, format: 'json' })}`, { 'X-API-Key': n.apiKey });
  const data = (r as { data: { queue: Item[]; totalQueuesWithRcp: number } }).data;
  return { items: data.queue, withRcp: data.totalQueuesWithRcp };
}

describe('/queues with the adaptive poll filters', () => {
  it('lists exactly the backoff queues, the paused ones and the top N by recipients', async () => {
    for (const n of [node, strict]) {
      const all = (await list(n, { maxItems: '1000000', maxitems: '1000000' })).items;
      const [backoff, paused, top] = await Promise.all(partialListParams(5).map((p) => list(n, p.params)));
      expect(backoff!.items.map((q) => q.name).sort()).toEqual(
        all
          .filter((q) => q.mode === 'backoff')
          .map((q) => q.name)
          .sort(),
      );
      expect(backoff!.items.length).toBeGreaterThan(0);
      expect(paused!.items.map((q) => q.name).sort()).toEqual(
        all
          .filter((q) => q.paused)
          .map((q) => q.name)
          .sort(),
      );
      expect(paused!.items.length).toBeGreaterThan(0);
      const byRcp = [...all].sort((a, b) => b.rcp - a.rcp || (a.name < b.name ? -1 : 1));
      expect(top!.items.map((q) => q.name)).toEqual(byRcp.slice(0, 5).map((q) => q.name));
      // Totals count the whole match, not the shown part.
      expect(top!.withRcp).toBe(all.filter((q) => q.rcp > 0).length);
    }
  });

  it('ignores the filters it was told not to know', async () => {
    const all = (await list(ignoring, { maxitems: '1000000' })).items;
    const [backoff] = await Promise.all(partialListParams(5).map((p) => list(ignoring, p.params)));
    expect(backoff!.items).toHaveLength(all.length);
  });
});
