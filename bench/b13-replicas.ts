// B13 (issue 15): the largest fleet of 100k-queue nodes that console replicas on this machine
// keep fresh at a 10 s interval — three replicas sharing one PostgreSQL database (poll leases
// spread the nodes), against one replica on the same database, measured in the same run.
//
// Each trial starts R replica processes (the real composition root, lib/cluster/__fixtures__/
// replica-child.ts) on a fresh database of a throw-away PostgreSQL cluster on loopback, with
// history on, for the first N nodes of a replay upstream (one captured 100k-queue simulator
// reply served byte for byte, in its own process: the console's cost is measured, not the
// simulator's). After a warm-up it counts each node's `/queues` requests at the upstream for a
// window: the fleet is "fresh" when every node was polled in every interval — no gap between
// two polls of a node over 1.25 intervals (a replica that cannot keep up lets its polls drift:
// the next starts only after the last has been parsed and recorded). Sizes are tried in order
// and a replica count stops at its first miss. No internal secret is set, so replicas do not
// mirror each other's nodes: the figure is what the fleet's polling costs.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { startPostgresCluster } from '../lib/store/__fixtures__/postgres-cluster';
import { REPO, startUpstream, type UpstreamNode } from './lib/upstream';
import { fmt, type BenchResult } from './lib/result';

const INTERVAL_S = 10;
const WARMUP_MS = Number(process.env.BENCH_B13_WARMUP_MS ?? 30_000);
const WINDOW_MS = Number(process.env.BENCH_B13_WINDOW_MS ?? 35_000);
const SIZES = (process.env.BENCH_B13_SIZES ?? '10,20,28,36').split(',').map(Number);
const URL_ENV = 'PMTA_BENCH_B13_DB';

function startReplica(name: string, config: unknown, dbUrl: string): { child: ChildProcess; started: Promise<void>; stop: () => Promise<void> } {
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'lib/cluster/__fixtures__/replica-child.ts'], {
    cwd: REPO,
    env: { NODE_ENV: 'production', PATH: process.env.PATH, HOME: process.env.HOME, REPLICA_CONFIG: JSON.stringify(config), [URL_ENV]: dbUrl },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let ok!: () => void;
  const started = new Promise<void>((r) => (ok = r));
  createInterface({ input: child.stdout! }).on('line', (l) => {
    if (l.startsWith('@@') && l.includes('"started"')) ok();
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.stdin!.write(`${JSON.stringify({ id: 1, cmd: 'stop' })}\n`);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  return { child, started, stop };
}

interface Trial {
  replicas: number;
  nodes: number;
  fresh: boolean;
  /** The longest gap between two polls of one node in the window (s). */
  worstGapS: number;
  /** Nodes with a gap over 1.25 intervals, or fewer polls than the window holds. */
  late: number;
}

async function trial(
  replicas: number,
  nodes: UpstreamNode[],
  clusterUrl: string,
  admin: pg.Client,
  seq: number,
  counts: () => Promise<Record<string, number[]>>,
): Promise<Trial> {
  const db = `b13_${seq}`;
  await admin.query(`CREATE DATABASE ${db}`);
  const dbUrl = clusterUrl.replace(/\/[^/]*$/, `/${db}`);
  const tmp = mkdtempSync(path.join(tmpdir(), 'pmta-b13-'));
  const running = Array.from({ length: replicas }, (_, i) =>
    startReplica(
      `r${i}`,
      {
        pollIntervalSeconds: INTERVAL_S,
        nodes: nodes.map((n) => ({ id: n.id, url: n.url, apiKey: n.apiKey })),
        log: { level: 'silent' },
        store: { kind: 'postgres', path: path.join(tmp, `r${i}.sqlite`), postgres: { urlEnv: URL_ENV, poolSize: 4 } },
        cluster: { enabled: true, replicaId: `r${i}` },
      },
      dbUrl,
    ),
  );
  try {
    await Promise.all(running.map((r) => r.started));
    await new Promise((r) => setTimeout(r, WARMUP_MS));
    const from = Date.now();
    await new Promise((r) => setTimeout(r, WINDOW_MS));
    const to = Date.now();
    const all = await counts();
    let worst = 0;
    let late = 0;
    for (const n of nodes) {
      const at = (all[`${n.port} /queues`] ?? []).filter((t) => t >= from - INTERVAL_S * 1000 && t <= to).sort((a, b) => a - b);
      const gaps = at.slice(1).map((t, i) => t - at[i]!);
      // The window's end counts too: a node not polled since its last poll is as late as that.
      gaps.push(to - (at.at(-1) ?? from - INTERVAL_S * 1000));
      const g = Math.max(...gaps);
      worst = Math.max(worst, g);
      if (g > 1.25 * INTERVAL_S * 1000) late++;
    }
    return { replicas, nodes: nodes.length, fresh: late === 0, worstGapS: worst / 1000, late };
  } finally {
    await Promise.all(running.map((r) => r.stop()));
    rmSync(tmp, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => {});
  }
}

export async function b13(): Promise<BenchResult[]> {
  const cluster = await startPostgresCluster('b13_admin');
  const up = await startUpstream({ mode: 'replay', nodes: Math.max(...SIZES), queues: 100_000 });
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  const trials: Trial[] = [];
  let seq = 0;
  try {
    for (const replicas of [1, 3]) {
      for (const n of SIZES) {
        const t = await trial(replicas, up.nodes.slice(0, n), cluster.url, admin, seq++, () => up.counts());
        trials.push(t);
        console.log(`  ${replicas} replica(s), ${n} nodes: ${t.fresh ? 'fresh' : `${t.late} node(s) late`}, longest gap ${fmt(t.worstGapS)} s`);
        if (!t.fresh) break;
      }
    }
  } finally {
    await admin.end();
    await up.stop();
    cluster.stop();
  }
  const best = (r: number) => Math.max(0, ...trials.filter((t) => t.replicas === r && t.fresh).map((t) => t.nodes));
  const one = best(1);
  const three = best(3);
  return [
    {
      id: 'B13',
      name: `largest fleet of 100k-queue nodes kept fresh at a ${INTERVAL_S} s interval by 3 replicas on one PostgreSQL (history on)`,
      figure: three,
      unit: 'nodes',
      target: '≥ one replica’s',
      baseline: { name: 'one replica, same database, same run', value: one, unit: 'nodes' },
      ratioToTarget: three > 0 ? one / three : Infinity,
      pass: three >= one && three > 0,
      notes: [
        `sizes tried ${SIZES.join(', ')} (each stops at its first miss); warm-up ${WARMUP_MS / 1000} s, window ${WINDOW_MS / 1000} s; ` +
          trials.map((t) => `${t.replicas}×${t.nodes}: ${t.fresh ? 'fresh' : `${t.late} late`} (longest gap ${fmt(t.worstGapS)} s)`).join('; '),
      ],
    },
  ];
}
