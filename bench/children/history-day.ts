// B12 console side (own process): a simulated day of one 100k-queue node at a 10 s poll interval
// written through the real history (createHistory: sampler, SQLite store, rollups and pruning
// as the maintenance timer runs them), on the simulated clock. Accelerated: every
// `refreshPolls` polls the simulator is advanced one interval and really polled (status + full
// queue list, parsed) and that snapshot goes through the sampler; the polls in between write
// what the sampler made of it (its domain and queue rows, a node sample with zero deltas) at
// their own times, as for an unchanged list. So the store takes every one of the day's 8,640
// polls; what the sampler computes per poll (domain rows, queue-state diff) is B2's cost.
// Reports the database's bytes (pages in use) after the day, per table and index (dbstat),
// the longest single poll write and the longest single rollup or prune step (what a poll could
// have waited behind either).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSimNode } from '@/sim';
import { configSchema } from '@/lib/config/schema';
import { Fleet } from '@/lib/fleet/fleet';
import { ParsePool } from '@/lib/fleet/parse-pool';
import { openStore } from '@/lib/store/store';
import { createHistory } from '@/lib/history/service';
import type { SqliteHistoryStore } from '@/lib/history/sqlite-store';
import type { PollBatch } from '@/lib/history/store';

const { queues, intervalSeconds, hours, refreshPolls } = JSON.parse(process.argv[2]!) as {
  queues: number;
  intervalSeconds: number;
  hours: number;
  refreshPolls: number;
};
const dir = mkdtempSync(path.join(tmpdir(), 'pmta-bench-b12-'));
const start = Date.parse('2026-11-26T00:00:00Z');
const sim = await startSimNode({ id: 'big', tickMs: 0, queues, seed: 9, startTime: new Date(start).toISOString(), randomEpisodes: true });
const pool = new ParsePool();
try {
  const config = configSchema.parse({
    pollIntervalSeconds: intervalSeconds,
    store: { path: path.join(dir, 'console.sqlite') },
    nodes: [{ id: 'big', url: sim.url, apiKey: sim.apiKey, timeoutMs: 120_000 }],
  });
  const consoleStore = openStore(config.store);
  const db = consoleStore.db;
  const fleet = new Fleet(config, pool);
  const history = createHistory(config, consoleStore);
  // SQLite: every write, rollup and prune step below is synchronous (what a poll would wait for).
  const store = history.store as SqliteHistoryStore;
  const node = fleet.nodes[0]!;
  const polls = Math.round((hours * 3600) / intervalSeconds);
  let t = start;
  let longestWriteMs = 0;
  let longestMaintenanceMs = 0;
  const writeTimes: number[] = [];
  let writeMs = 0;
  let snap = (await node.poller.pollNow()).snapshot;
  const cpu = process.cpuUsage();
  const wall = performance.now();
  let last: PollBatch | null = null;
  const timed = (step: () => void) => {
    const w = performance.now();
    step();
    const ms = performance.now() - w;
    writeMs += ms;
    writeTimes.push(ms);
    longestWriteMs = Math.max(longestWriteMs, ms);
  };
  for (let i = 0; i < polls; i++) {
    t = start + i * intervalSeconds * 1000;
    if (i > 0 && i % refreshPolls === 0) {
      // A short step only: left running for the whole day the simulated backlog drains within
      // hours and the day would measure a small node, not a 100k-queue one.
      sim.advance(intervalSeconds);
      snap = (await node.poller.pollNow()).snapshot;
      last = null;
    }
    if (!last) {
      // A real poll through the sampler (its reading of the 100k-queue list is B2's cost).
      last = history.sampler.sample('big', { ...snap, statusAt: t, queuesAt: t });
    } else {
      const b = last;
      const node = b.node && { ...b.node, at: t, dtMs: intervalSeconds * 1000, deltas: Object.fromEntries(Object.keys(b.node.totals).map((k) => [k, 0])) };
      timed(() => store.writePoll({ node: node as PollBatch['node'], queues: b.queues && { ...b.queues, at: t } }));
    }
    // The maintenance timer's pass, once a simulated minute, at simulated time.
    if (i % Math.max(1, Math.round(60 / intervalSeconds)) === 0) {
      // Each call is one blocking step of the maintenance timer (it yields between them).
      const step = <T>(run: () => T): T => {
        const w = performance.now();
        const out = run();
        longestMaintenanceMs = Math.max(longestMaintenanceMs, performance.now() - w);
        return out;
      };
      for (let more = true; more;) more = step(() => store.rollup(t)).more;
      while (step(() => store.prune(t, config.history.pruneChunkRows)) > 0);
    }
  }
  const used = process.cpuUsage(cpu);
  // What the charts read back after the day (median of 3 runs each): the overview's top domains
  // and a drill-down's backlog and queues, over the last hour (raw) and the whole day (rollups).
  const end = t + intervalSeconds * 1000;
  const top = (await store.query('domain.backlog', { top: 1 }, end - 3_600_000, end, undefined, end)).series[0]?.domain ?? '(none)';
  const queries: { label: string; ms: number }[] = [];
  for (const [label, metric, filters] of [
    ['top domains', 'domain.backlog', {}],
    ['domain backlog', 'domain.backlog', { domain: top }],
    ['domain queues', 'queue.backlog', { domain: top }],
  ] as const) {
    for (const h of [1, 24]) {
      const times: number[] = [];
      for (let k = 0; k < 3; k++) {
        const w = performance.now();
        await store.query(metric, filters, end - h * 3_600_000, end, undefined, end);
        times.push(performance.now() - w);
      }
      queries.push({ label: `${label} ${h} h`, ms: times.sort((x, y) => x - y)[1]! });
    }
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const pages = db.pragma('page_count', { simple: true }) as number;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  const objects = db.prepare('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC').all() as { name: string; bytes: number }[];
  const rows = Object.fromEntries(
    ['hist_node', 'hist_domain', 'hist_queue', 'hist_poll', 'hist_event', 'hist_name'].map((tb) => [
      tb,
      db.prepare(`SELECT COUNT(*) AS n FROM ${tb}`).pluck().get() as number,
    ]),
  );
  await consoleStore.close();
  process.send!({
    type: 'result',
    polls,
    hours,
    bytes: (pages - free) * pageSize,
    objects: objects.slice(0, 8),
    rows,
    writeMsPerPoll: writeMs / polls,
    longestWriteMs,
    longestMaintenanceMs,
    p99WriteMs: writeTimes.sort((x, y) => x - y)[Math.floor(writeTimes.length * 0.99)] ?? 0,
    queries,
    cpuSeconds: (used.user + used.system) / 1e6,
    wallSeconds: (performance.now() - wall) / 1000,
  });
} finally {
  await pool.close();
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
