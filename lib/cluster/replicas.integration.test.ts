// Three console replicas (child processes, the real runtime) on one real PostgreSQL database,
// six simulator nodes plus one unreachable node, a 1 s poll interval. Polls are counted where
// they land — at the simulator — and alert notifications at a local webhook receiver.
//   - every node is polled by one replica, once per interval;
//   - kill -9 of a replica (the one running the scheduled resumes): its nodes are polled by
//     the others within two intervals, and no node is polled twice in one interval;
//   - the time-boxed pause sent before the kill is resumed once, by a survivor, and both audit
//     rows are there, complete; no alert is notified twice;
//   - any replica answers for every node: a survivor shows the nodes the other one polls as
//     live, from their owner over the internal channel, and an action sent through it for a
//     node the other polls reaches that node once, is audited once, and is verified from the
//     owner's next list (the replica that sent it polls nothing).
// Jitter: timers, the parse worker and three busy replicas on a shared 2-core machine delay a
// poll by tens (rarely a few hundred) of ms, so "once per interval" is asserted on the gaps
// between a node's consecutive polls: none under 0.75 interval (a second poll in the same
// interval would be ~0 to 0.5 interval after the first), none over 1.75 intervals in steady state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { startSimNode, type SimNodeHandle } from '@/sim';
import { freshPostgresUrl } from '@/lib/store/__fixtures__/backends';

const INTERVAL = 1000;
const NODES = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'];
const DOWN = 'n7';
const URL_ENV = 'PMTA_REPLICA_TEST_DB';
const SECRET = 'replica-test-internal-secret-0123456789';

const polls = new Map<string, number[]>(NODES.map((n) => [n, []]));
/** Commands (POST /command) each node received. */
const commands = new Map<string, number>(NODES.map((n) => [n, 0]));
const sims: SimNodeHandle[] = [];
const deliveries: { id: number; rule: string; status: string; labels: Record<string, string> }[] = [];
let hook: Server;
let db: pg.Client;
let dbUrl: string;
let tmp: string;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class Replica {
  readonly child: ChildProcess;
  private seq = 0;
  private waiting = new Map<number, (v: { result?: unknown; error?: string }) => void>();
  readonly started: Promise<void>;
  stderr = '';
  constructor(
    readonly id: string,
    config: unknown,
  ) {
    // node itself with tsx as a loader (not the tsx CLI, which would make kill -9 hit a wrapper).
    this.child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'lib/cluster/__fixtures__/replica-child.ts'], {
      // Not vitest's environment (its loader settings would reach the child's parse worker).
      env: {
        NODE_ENV: 'test',
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TZ: process.env.TZ,
        REPLICA_CONFIG: JSON.stringify(config),
        [URL_ENV]: dbUrl,
        PMTA_CONSOLE_INTERNAL_SECRET: SECRET,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    let resolveStarted!: () => void;
    this.started = new Promise((r) => (resolveStarted = r));
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      if (!line.startsWith('@@')) {
        if (process.env.REPLICA_TEST_TRACE && line.includes('"node":"n1"')) console.log('TRACE', this.id, Date.now(), line.slice(0, 300));
        return;
      }
      const m = JSON.parse(line.slice(2)) as { id?: number; started?: string; result?: unknown; error?: string };
      if (m.started) resolveStarted();
      if (m.id !== undefined) this.waiting.get(m.id)?.(m);
    });
  }
  async ask<T>(cmd: Record<string, unknown>): Promise<T> {
    const id = ++this.seq;
    const answer = new Promise<{ result?: unknown; error?: string }>((r) => this.waiting.set(id, r));
    this.child.stdin!.write(`${JSON.stringify({ id, ...cmd })}\n`);
    const a = await answer;
    if (a.error) throw new Error(`${this.id}: ${a.error}`);
    return a.result as T;
  }
  alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }
}

const replicas: Replica[] = [];

async function leaseOwners(): Promise<Map<string, { owner: string; generation: number }>> {
  const r = await db
    .query<{ key: string; owner: string; generation: string }>("SELECT key, owner, generation FROM cluster_leases WHERE owner <> '' AND expires_at > $1", [
      Date.now(),
    ])
    .catch((e: unknown) => {
      if ((e as { code?: string }).code === '42P01') return { rows: [] }; // not migrated yet by the replicas
      throw e;
    });
  return new Map(r.rows.map((x) => [x.key, { owner: x.owner, generation: Number(x.generation) }]));
}

/** Gaps (ms) between a node's consecutive polls that start within [from, to]. */
function gaps(node: string, from: number, to: number): number[] {
  const at = (polls.get(node) ?? []).filter((t) => t >= from && t <= to);
  return at.slice(1).map((t, i) => t - (at[i] as number));
}

beforeAll(async () => {
  dbUrl = await freshPostgresUrl();
  db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  tmp = mkdtempSync(path.join(tmpdir(), 'pmta-replicas-'));
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const n = JSON.parse(body) as { alerts: { id: number; rule: string; status: string; labels: Record<string, string> }[] };
      for (const a of n.alerts) deliveries.push({ id: a.id, rule: a.rule, status: a.status, labels: a.labels });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  for (const [i, id] of NODES.entries()) {
    sims.push(
      await startSimNode({
        id,
        seed: 40 + i,
        tickMs: 0,
        onRequest: (q) => {
          // One /queues per poll (full lists: adaptive polling is off). Not /status: a client's
          // first contact also probes the reply format with a /status of its own.
          if (q.path === '/queues') polls.get(id)!.push(q.at);
          if (q.path === '/command' && q.method === 'POST') commands.set(id, commands.get(id)! + 1);
        },
      }),
    );
  }
  // A port nothing listens on: the unreachable node the node-down alert fires for.
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const deadPort = (closed.address() as AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  const nodes = [...sims.map((s) => ({ id: s.id, url: s.url, apiKey: s.apiKey })), { id: DOWN, url: `http://127.0.0.1:${deadPort}`, timeoutMs: 500 }];
  for (const name of ['ra', 'rb', 'rc']) {
    replicas.push(
      new Replica(name, {
        pollIntervalSeconds: INTERVAL / 1000,
        nodes,
        log: { level: process.env.REPLICA_TEST_TRACE ? 'debug' : 'silent' },
        store: { kind: 'postgres', path: path.join(tmp, `${name}.sqlite`), postgres: { urlEnv: URL_ENV, poolSize: 4 } },
        cluster: { enabled: true, replicaId: name },
        alerts: {
          rules: { 'node-down': { for: '0s' } },
          receivers: [{ name: 'hook', type: 'webhook', url: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/`, secret: 'replica-test-secret-0123' }],
        },
      }),
    );
  }
  await Promise.all(replicas.map((r) => r.started));
}, 60_000);

afterAll(async () => {
  for (const r of replicas) if (r.alive()) r.child.kill('SIGKILL');
  await Promise.all(sims.map((s) => s.stop()));
  await new Promise<void>((r) => hook.close(() => r()));
  await db?.end();
  rmSync(tmp, { recursive: true, force: true });
});

describe('three replicas on one PostgreSQL database', () => {
  it('poll every node once per interval, take a killed replica’s nodes over within two intervals, and run its tasks once', async () => {
    // Spread: every node leased, at most ceil(7 / 3) = 3 per replica, all three polling.
    let owners = new Map<string, { owner: string; generation: number }>();
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(250)) {
      owners = await leaseOwners();
      const per = new Map<string, number>();
      for (const n of [...NODES, DOWN]) if (owners.has(n)) per.set(owners.get(n)!.owner, (per.get(owners.get(n)!.owner) ?? 0) + 1);
      if ([...NODES, DOWN].every((n) => owners.has(n)) && per.size === 3 && Math.max(...per.values()) <= 3) break;
    }
    expect(
      [...NODES, DOWN].every((n) => owners.has(n)),
      `${JSON.stringify([...owners])} ${replicas.map((r) => r.stderr).join('\n')}`,
    ).toBe(true);
    expect(new Set([...NODES, DOWN].map((n) => owners.get(n)!.owner)).size).toBe(3);

    // A time-boxed pause through the replica that polls n1 (its verification re-poll is then
    // the owner's), resumed automatically after the kill below.
    // Every node answered its owner (a replica's first poll starts its parse worker: seconds here).
    type Status = { replicaId: string; nodes: { id: string; health: { state: string } }[] };
    const healthy = async () => {
      const st = new Map((await Promise.all(replicas.map((r) => r.ask<Status>({ cmd: 'status' })))).map((x) => [x.replicaId, x]));
      owners = await leaseOwners();
      return NODES.every((n) => st.get(owners.get(n)?.owner ?? '')?.nodes.find((x) => x.id === n)?.health.state === 'ok');
    };
    for (const deadline = Date.now() + 60_000; Date.now() < deadline && !(await healthy());) await sleep(500);
    expect(await healthy()).toBe(true);
    const pausedBefore = sims[0]!.state().queues.paused;
    const n1Owner = replicas.find((r) => r.id === owners.get('n1')!.owner)!;
    const resumeAt = Date.now() + 14_000;
    await n1Owner.ask({
      cmd: 'action',
      input: {
        action: 'pause',
        pattern: 'gmail.com/*',
        confirm: 'gmail.com/*',
        nodes: ['n1'],
        reason: 'replica test',
        resumeAt,
        user: 'operator',
        clientAddress: '127.0.0.1',
      },
    });
    expect(sims[0]!.state().queues.paused).toBeGreaterThan(pausedBefore);
    await sleep(1500);

    // Steady state: each node once per interval.
    const t1 = Date.now();
    await sleep(5000);
    const t2 = Date.now();
    for (const n of NODES) {
      const g = gaps(n, t1, t2);
      expect(g.length, `${n}: polls in 5 s`).toBeGreaterThanOrEqual(3);
      expect(Math.min(...g), `${n} polled twice in an interval: ${g.join(',')}`).toBeGreaterThanOrEqual(0.75 * INTERVAL);
      expect(Math.max(...g), `${n} missed an interval: ${g.join(',')}`).toBeLessThanOrEqual(1.75 * INTERVAL);
    }

    // kill -9 the replica that runs the scheduled resumes.
    owners = await leaseOwners();
    const victimId = owners.get('task:resumes')!.owner;
    const victim = replicas.find((r) => r.id === victimId)!;
    const orphaned = [...NODES, DOWN].filter((n) => owners.get(n)?.owner === victimId);
    const tk = Date.now();
    victim.child.kill('SIGKILL');
    await sleep(6000);
    const tEnd = Date.now();
    const after = await leaseOwners();
    for (const n of orphaned) {
      expect(after.get(n)?.owner, n).not.toBe(victimId);
      expect(after.get(n)!.generation, `${n}: a new owner, a new generation`).toBeGreaterThan(owners.get(n)!.generation);
    }
    expect(after.get('task:resumes')?.owner).not.toBe(victimId);
    for (const n of orphaned.filter((x) => x !== DOWN)) {
      const first = polls.get(n)!.find((t) => t > tk);
      // Design bound 1.75 intervals (lease = interval + 2 heartbeats, taken at the next heartbeat);
      // "within two intervals" is asserted, plus 250 ms for a child's busy event loop.
      expect(first, `${n} not polled after the kill`).toBeDefined();
      expect(first! - tk, `${n}: first poll after the kill`).toBeLessThanOrEqual(2 * INTERVAL + 250);
    }
    for (const n of NODES) {
      const g = gaps(n, tk - 2 * INTERVAL, tEnd);
      expect(Math.min(...g), `${n} polled twice in an interval around the takeover: ${g.join(',')}`).toBeGreaterThanOrEqual(0.75 * INTERVAL);
    }

    // The resume runs once, on a survivor; both audit rows complete, none lost or abandoned.
    let audit: { action: string; state: string; owner: string }[] = [];
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; await sleep(500)) {
      audit = (await db.query<{ action: string; state: string; owner: string }>('SELECT action, state, owner FROM audit_entries ORDER BY id')).rows;
      if (audit.some((a) => a.action === 'resume' && a.state !== 'started')) break;
    }
    expect(audit.map((a) => [a.action, a.state])).toEqual([
      ['pause', 'completed'],
      ['resume', 'completed'],
    ]);
    expect(audit[1]!.owner).not.toBe(victimId);
    expect(sims[0]!.state().queues.paused).toBe(pausedBefore);

    // Alerts: n7's node-down notified (once), and no alert notified twice with the same status.
    const seen = new Map<string, number>();
    for (const d of deliveries) seen.set(`${d.id}:${d.status}`, (seen.get(`${d.id}:${d.status}`) ?? 0) + 1);
    expect(deliveries.filter((d) => d.rule === 'node-down' && d.labels.node === DOWN && d.status === 'firing')).toHaveLength(1);
    expect([...seen].filter(([, c]) => c > 1)).toEqual([]);

    // Any replica answers for every node: each survivor shows every reachable node live, the
    // ones the other survivor polls with that replica as their source (the internal channel).
    type Seen = { replicaId: string; nodes: { id: string; health: { state: string }; polledBy: string | null }[] };
    const survivors = replicas.filter((x) => x.alive());
    const everyNodeLive = async () => {
      const o = await leaseOwners();
      const st = await Promise.all(survivors.map((r) => r.ask<Seen>({ cmd: 'status' })));
      return st.every((s) =>
        NODES.every((n) => {
          const x = s.nodes.find((y) => y.id === n);
          const owner = o.get(n)?.owner;
          return x?.health.state === 'ok' && (owner === s.replicaId ? x.polledBy === null : x.polledBy === owner);
        }),
      );
    };
    for (const deadline = Date.now() + 20_000; Date.now() < deadline && !(await everyNodeLive());) await sleep(500);
    expect(await everyNodeLive(), 'every survivor shows every node live, mirrored from its owner').toBe(true);

    // An action through B for a node C polls: sent once (B talks to the node itself), audited
    // once, and B's verification waits for C's next list instead of polling the node itself.
    owners = await leaseOwners();
    const [b, c] = survivors as [Replica, Replica];
    const target = NODES.find((n) => owners.get(n)?.owner === c.id)!;
    const sim = sims[NODES.indexOf(target)]!;
    const pausedAt = sim.state().queues.paused;
    const auditRows = (await db.query('SELECT id FROM audit_entries')).rowCount ?? 0;
    type Own = { nodes: { id: string; ownPolls: number }[] };
    const bPolls = async () => (await b.ask<Own>({ cmd: 'status' })).nodes.find((x) => x.id === target)!.ownPolls;
    const bPollsBefore = await bPolls();
    const commandsBefore = commands.get(target)!;
    const viaB = (action: 'pause' | 'resume') =>
      b.ask<{ results: { status: string; verification?: { status: string } }[] }>({
        cmd: 'action',
        input: {
          action,
          pattern: 'yahoo.com/*',
          confirm: 'yahoo.com/*',
          nodes: [target],
          reason: 'via another replica',
          user: 'operator',
          clientAddress: '127.0.0.1',
        },
      });
    const r = await viaB('pause');
    expect(r.results.map((x) => [x.status, x.verification?.status])).toEqual([['ok', 'verified']]);
    expect(commands.get(target)! - commandsBefore, 'commands the node received').toBe(1);
    expect(sim.state().queues.paused).toBeGreaterThan(pausedAt);
    const acted = (await db.query<{ action: string; state: string; owner: string }>('SELECT action, state, owner FROM audit_entries ORDER BY id')).rows.slice(
      auditRows,
    );
    expect(acted.map((a) => [a.action, a.state, a.owner])).toEqual([['pause', 'completed', b.id]]);
    // B never polled the node for it (a verification by the owner itself would: a poll that
    // started after the command, the owner's scheduled resume above included).
    expect(await bPolls(), `${b.id} polled ${target} itself`).toBe(bPollsBefore);
    await viaB('resume');

    // The survivors stop cleanly: their leases are released for the next owner.
    for (const r of replicas.filter((x) => x.alive())) await r.ask({ cmd: 'stop' });
    expect((await leaseOwners()).size).toBe(0);
  }, 120_000);
});
