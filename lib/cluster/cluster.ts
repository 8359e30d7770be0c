import 'server-only';
// Which of this console's leases it holds: node polls (one replica per node), the exactly-once
// tasks (`task:resumes`, `task:alerts`) and accounting ingestion per node (`acct:<node>`, held
// with the node's poll lease). `shared` (cluster.enabled): leases live in the store, renewed on
// every heartbeat, and taken over from a replica that stops renewing. Not shared (the default,
// one console): every lease is this replica's, granted at start with generation 1, no store
// rows and no fence queries — the same code paths with one replica.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { serverLog } from '@/lib/log/logger';
import { assignBalanced, rendezvousOwner } from './assign';
import { RELEASED, type LeaseRow, type LeaseStore, type ReplicaRow } from './leases';

export const TASK_RESUMES = 'task:resumes';
export const TASK_ALERTS = 'task:alerts';
export const acctKey = (node: string) => `acct:${node}`;

/** hostname-pid-random: unique per process, readable in the UI and the log. */
export function defaultReplicaId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

export interface ClusterOptions {
  replicaId: string;
  /** Leases in the store, shared with other replicas (else all local). */
  shared: boolean;
  /** Between heartbeats (each one renews the leases); a replica unseen for two is dead. */
  heartbeatMs: number;
  /** The poll interval: a lease lasts one interval and two heartbeats (see mayPoll). */
  pollIntervalMs: number;
  /** This replica's internal URL, shown to the others (informational). */
  url: string | null;
  /** Node ids (spread over the replicas, at most ceil(nodes / replicas) each). */
  nodes: readonly string[];
  /** Nodes whose accounting this console ingests (`acct:<node>` follows the node's poll lease). */
  accountingNodes: readonly string[];
  now?: () => number;
}

export interface ClusterStatus {
  replicaId: string;
  shared: boolean;
  /** The last heartbeat reached the store (always true when not shared). */
  ok: boolean;
  error: string | null;
  lastBeatAt: number | null;
  /** How long the last heartbeat took (it must stay well under one heartbeat interval). */
  lastBeatMs: number | null;
  held: number;
  /** Replicas seen alive at the last heartbeat (this one included). */
  replicas: ReplicaRow[];
}

export interface LeaseOwner {
  replica: string;
  generation: number;
  self: boolean;
}

type Listener = (held: boolean, generation: number) => void;

export class Cluster {
  readonly replicaId: string;
  readonly shared: boolean;
  private readonly now: () => number;
  private readonly ttlMs: number;
  private readonly deadMs: number;
  private readonly held = new Map<string, { generation: number; until: number }>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private table: LeaseRow[] = [];
  private live: ReplicaRow[] = [];
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private readonly startedAt: number;
  private state: { ok: boolean; error: string | null; lastBeatAt: number | null; lastBeatMs: number | null } = {
    ok: true,
    error: null,
    lastBeatAt: null,
    lastBeatMs: null,
  };
  private beats = 0;
  /** When a released lease may be taken by the next owner (nodes: when their next poll was due). */
  releaseAt: (key: string) => number;
  private accountingNodes: string[];

  constructor(
    private readonly leases: LeaseStore | null,
    private readonly opts: ClusterOptions,
  ) {
    this.replicaId = opts.replicaId;
    this.shared = opts.shared && leases !== null;
    this.now = opts.now ?? Date.now;
    // Renewed every heartbeat, a lease is always valid for more than one poll interval ahead,
    // which is what mayPoll asks before each poll. A dead replica's leases are free at most
    // ttl after its last renewal, and taken at the next heartbeat of another: a takeover within
    // interval + 3 heartbeats (1.75 intervals with the default heartbeat of a quarter interval).
    this.ttlMs = opts.pollIntervalMs + 2 * opts.heartbeatMs;
    this.deadMs = 2 * opts.heartbeatMs;
    this.startedAt = this.now();
    this.releaseAt = () => this.now();
    this.accountingNodes = [...opts.accountingNodes];
  }

  get heartbeatMs(): number {
    return this.opts.heartbeatMs;
  }

  /** Known once accounting is built (after the cluster): its followed nodes get `acct:<node>`. */
  setAccountingNodes(nodes: readonly string[]): void {
    this.accountingNodes = [...nodes];
  }

  /** Every key this console may lease. */
  get keys(): string[] {
    return [...this.opts.nodes, TASK_RESUMES, TASK_ALERTS, ...this.accountingNodes.map(acctKey)];
  }

  on(key: string, listener: Listener): () => void {
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  generation(key: string): number | null {
    return this.held.get(key)?.generation ?? null;
  }

  holds(key: string): boolean {
    return this.held.has(key);
  }

  /**
   * Whether a poll may start now: the lease is still valid a whole interval ahead. Then its
   * next owner (who can take it only once it expired) polls at least one interval after this
   * poll, even if this replica dies or stalls right after starting it.
   */
  mayPoll(key: string): boolean {
    const h = this.held.get(key);
    return !!h && h.until - this.now() >= this.opts.pollIntervalMs;
  }

  /**
   * The fence: whether this replica still holds `key` at `generation` in the store. Called
   * before poll results are persisted, and by store writers inside their transaction (on
   * PostgreSQL it then locks the lease row until commit). Always true when not shared.
   */
  readonly fence = {
    current: async (key: string, generation: number): Promise<boolean> => {
      if (!this.shared || !this.leases) return this.held.get(key)?.generation === generation;
      return this.leases.current(key, this.replicaId, generation, this.now());
    },
  };

  /** Who polls each node, as last read from the store (or this replica for every node). */
  owners(): Map<string, LeaseOwner> {
    const m = new Map<string, LeaseOwner>();
    if (!this.shared) {
      for (const n of this.opts.nodes) if (this.held.has(n)) m.set(n, { replica: this.replicaId, generation: 1, self: true });
      return m;
    }
    const now = this.now();
    for (const r of this.table)
      if (r.expiresAt > now && r.owner !== RELEASED) m.set(r.key, { replica: r.owner, generation: r.generation, self: r.owner === this.replicaId });
    return m;
  }

  /** The node's `polledBy` in /api/nodes and the overview (null when not shared). */
  polledBy(node: string): { replica: string | null; generation: number | null; self: boolean } | null {
    if (!this.shared) return null;
    const o = this.owners().get(node);
    return o ? { replica: o.replica, generation: o.generation, self: o.self } : { replica: null, generation: null, self: false };
  }

  /** Changes with the lease table as last read (part of the fleet reads' ETag). */
  revision(): string {
    if (!this.shared) return '';
    return [...this.owners()].map(([k, o]) => `${k}=${o.replica}#${o.generation}`).join(',');
  }

  status(): ClusterStatus {
    return { replicaId: this.replicaId, shared: this.shared, ...this.state, held: this.held.size, replicas: this.live };
  }

  /** Readiness: "leases held or released" — the last heartbeat worked, or nothing is held any more. */
  leasesSettled(): boolean {
    return !this.shared || this.state.ok || this.held.size === 0;
  }

  start(): void {
    if (!this.shared) {
      for (const k of this.keys) this.grant(k, 1, Infinity);
      return;
    }
    if (this.timer) return;
    this.beat();
    this.timer = setInterval(() => this.beat(), this.opts.heartbeatMs);
    this.timer.unref();
  }

  /** Stops renewing and gives every lease up (at once where the store is reachable). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
    const held = [...this.held];
    for (const [k] of held) this.drop(k);
    if (!this.shared || !this.leases) return;
    const leases = this.leases;
    try {
      await Promise.all(held.map(([k, h]) => leases.release(k, this.replicaId, h.generation, this.releaseAt(k))));
      await leases.leave(this.replicaId);
    } catch (err) {
      serverLog().warn({ err }, '[cluster] could not release the leases: they lapse');
    }
  }

  /** One heartbeat now (tests); joins the one running. */
  beatNow(): Promise<void> {
    this.ticking ??= this.tick().finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  private beat(): void {
    // Leases whose renewal did not get through lapse here, even while a heartbeat hangs on an
    // unreachable server (connect timeout): polling stops before another replica may take over.
    this.lapse(this.now());
    void this.beatNow();
  }

  private lapse(now: number): void {
    for (const [k, h] of [...this.held]) if (h.until <= now) this.drop(k);
  }

  private desired(live: string[], table: LeaseRow[], now: number): Set<string> {
    const me = this.replicaId;
    const out = new Set<string>();
    const current = new Map(table.filter((r) => r.expiresAt > now && r.owner !== RELEASED).map((r) => [r.key, r.owner]));
    for (const [node, r] of assignBalanced(this.opts.nodes, live, current)) if (r === me) out.add(node);
    for (const t of [TASK_RESUMES, TASK_ALERTS]) if (rendezvousOwner(t, live) === me) out.add(t);
    for (const n of this.accountingNodes) if (out.has(n)) out.add(acctKey(n));
    return out;
  }

  private async tick(): Promise<void> {
    const leases = this.leases as LeaseStore;
    const me = this.replicaId;
    const now = this.now();
    try {
      const [, replicas, before] = await Promise.all([
        leases.heartbeat({ id: me, startedAt: this.startedAt, url: this.opts.url }, now),
        leases.replicas(),
        leases.list(),
      ]);
      const live = replicas.filter((r) => r.id === me || r.lastSeenAt > now - this.deadMs);
      const want = this.desired(
        live.map((r) => r.id),
        before,
        now,
      );
      // Stamped just before the statements, never after: the local expiry is never later than
      // what the other replicas read in the row.
      const at = this.now();
      const until = at + this.ttlMs;
      const surplus = [...this.held].filter(([k]) => !want.has(k));
      const renew = [...want].filter((k) => this.held.has(k));
      const take = [...want].filter((k) => !this.held.has(k));
      // Surplus (a replica joined, or the ranking moved a key) is released for when the next
      // owner may take it; held leases are renewed in one statement; the rest are tried.
      for (const [k] of surplus) this.drop(k);
      const [, renewed, taken] = await Promise.all([
        Promise.all(surplus.map(([k, h]) => leases.release(k, me, h.generation, this.releaseAt(k)))),
        leases.renew(renew, me, until),
        Promise.all(take.map(async (k) => [k, await leases.acquire(k, me, at, until)] as const)),
      ]);
      for (const k of renew) {
        const g = renewed.get(k);
        if (g === undefined) this.drop(k);
        else this.grant(k, g, until);
      }
      for (const [k, g] of taken) if (g !== null) this.grant(k, g, until);
      // The table as it is now, for the UI (who polls which node), without reading it again.
      const rows = new Map(before.map((r) => [r.key, r]));
      for (const [k] of surplus) {
        const r = rows.get(k);
        if (r) rows.set(k, { ...r, owner: RELEASED });
      }
      for (const [k, h] of this.held) rows.set(k, { key: k, owner: me, generation: h.generation, expiresAt: h.until });
      this.table = [...rows.values()];
      this.live = live;
      if (!this.state.ok) serverLog().info({ replica: me }, '[cluster] store reachable again: taking leases');
      this.state = { ok: true, error: null, lastBeatAt: now, lastBeatMs: this.now() - now };
      if (++this.beats % 600 === 0) await leases.forget(now - 600_000);
    } catch (err) {
      if (this.state.ok) serverLog().warn({ replica: me, err }, '[cluster] heartbeat failed: no new leases; held ones lapse');
      this.state = { ...this.state, ok: false, error: err instanceof Error ? err.message : String(err) };
      this.lapse(this.now());
    }
  }

  private grant(key: string, generation: number, until: number): void {
    const prev = this.held.get(key);
    if (prev && prev.generation !== generation) this.drop(key);
    const had = this.held.has(key);
    this.held.set(key, { generation, until });
    if (!had) this.emit(key, true, generation);
  }

  private drop(key: string): void {
    const h = this.held.get(key);
    if (!h) return;
    this.held.delete(key);
    this.emit(key, false, h.generation);
  }

  private emit(key: string, held: boolean, generation: number): void {
    for (const l of this.listeners.get(key) ?? []) {
      try {
        l(held, generation);
      } catch (err) {
        serverLog().error({ key, err }, '[cluster] lease listener failed');
      }
    }
  }
}
