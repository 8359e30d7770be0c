// B5: a fleet of 20 simulated nodes, one stalled (replies held for a minute) and one dead
// (port closed): every other node must still bring a fresh snapshot every interval.
// Figure: the longest time any healthy node went without a fresh queue list, against the
// staleness limit the console itself uses (2 poll intervals, lib/fleet/health.ts).
import { configSchema } from '@/lib/config/schema';
import { Fleet } from '@/lib/fleet/fleet';
import { ParsePool } from '@/lib/fleet/parse-pool';
import { fmt, ratioResult, type BenchResult } from './lib/result';
import { startUpstream } from './lib/upstream';

const INTERVAL_S = 1;
const WATCH_MS = 12_000;

export async function b5(): Promise<BenchResult[]> {
  const up = await startUpstream({ mode: 'sim', nodes: 20, queues: 0 });
  await up.stall(0, 60_000);
  await up.down(1);
  const pool = new ParsePool();
  const fleet = new Fleet(
    configSchema.parse({
      pollIntervalSeconds: INTERVAL_S,
      nodes: up.nodes.map((n) => ({ id: n.id, url: n.url, apiKey: n.apiKey, format: 'json', timeoutMs: 3_000 })),
    }),
    pool,
  );
  const healthy = up.nodes.slice(2).map((n) => n.id);
  const fresh = new Map<string, number[]>(healthy.map((id) => [id, []]));
  fleet.onPoll((o) => {
    if (o.ok && o.snapshot.queuesAt !== null) fresh.get(o.nodeId)?.push(o.snapshot.queuesAt);
  });
  try {
    fleet.start();
    await new Promise((r) => setTimeout(r, 3_000)); // first polls and the dead/stalled verdicts
    const from = Date.now();
    let notOk = 0;
    let samples = 0;
    while (Date.now() - from < WATCH_MS) {
      await new Promise((r) => setTimeout(r, 250));
      for (const id of healthy) {
        samples++;
        if (fleet.node(id)!.poller.health().state !== 'ok') notOk++;
      }
    }
    const to = Date.now();
    let worstGap = 0;
    let polls = 0;
    for (const times of fresh.values()) {
      const inWindow = [from, ...times.filter((t) => t >= from && t <= to), to];
      polls += inWindow.length - 2;
      for (let i = 1; i < inWindow.length; i++) worstGap = Math.max(worstGap, inWindow[i]! - inWindow[i - 1]!);
    }
    const stalled = fleet.node(up.nodes[0]!.id)!.poller.health();
    const dead = fleet.node(up.nodes[1]!.id)!.poller.health();
    const limit = 2 * INTERVAL_S * 1000;
    return [
      ratioResult({
        id: 'B5',
        name: '20 nodes, 1 stalled + 1 dead: longest gap between fresh snapshots of a healthy node',
        figure: worstGap,
        unit: 'ms',
        target: `≤ 2 intervals (${limit} ms)`,
        limit,
        notes: [
          `${healthy.length} healthy nodes, ${polls} fresh snapshots in ${fmt((to - from) / 1000, 0)} s at a ${INTERVAL_S} s interval (${fmt(polls / healthy.length / ((to - from) / 1000 / INTERVAL_S), 2)} per node per interval); health not ok in ${notOk} of ${samples} samples`,
          `stalled node: ${stalled.state} (${stalled.reason}); dead node: ${dead.state} (${dead.reason})`,
        ],
      }),
    ];
  } finally {
    fleet.stop();
    await pool.close();
    await up.stop();
  }
}
