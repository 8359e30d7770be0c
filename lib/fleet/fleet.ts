import 'server-only';
import { randomUUID } from 'node:crypto';
import { serverLog } from '@/lib/log/logger';
import { readFileSync } from 'node:fs';
import type { ConsoleConfig, NodeConfig } from '@/lib/config/schema';
import { adaptiveFor } from '@/lib/config/poll-schema';
import { createPmtaClient, type PmtaClient } from '@/lib/pmta/client';
import { ParsePool } from './parse-pool';
import { NodePoller, type NodeSnapshot, type PollOutcome } from './node-poller';
import type { PollRecord } from './health';
import { BacklogHistory } from '@/lib/read-models/backlog-history';
import { SharedQueueDetails } from './queue-detail';
import { SnapshotMemo } from './snapshot-memo';

export interface FleetNode {
  config: NodeConfig;
  client: PmtaClient;
  poller: NodePoller;
}

/** Node facts that are safe to send to a browser: never the API key or TLS material. */
export interface PublicNodeInfo {
  id: string;
  name: string;
  /** host:port only. */
  address: string;
  tags: string[];
  hasApiKey: boolean;
}

export function publicNodeInfo(c: NodeConfig): PublicNodeInfo {
  const u = new URL(c.url);
  return { id: c.id, name: c.name ?? c.id, address: u.host, tags: c.tags, hasApiKey: Boolean(c.apiKey) };
}

export function clientFor(c: NodeConfig, cfg: Pick<ConsoleConfig, 'maxResponseBytes'>): PmtaClient {
  return createPmtaClient({
    url: c.url,
    apiKey: c.apiKey,
    tls: { insecure: c.tls.insecure, ca: c.tls.caFile ? readFileSync(/*turbopackIgnore: true*/ c.tls.caFile, 'utf8') : undefined },
    format: c.format,
    timeoutMs: c.timeoutMs,
    maxBytes: cfg.maxResponseBytes,
  });
}

/**
 * The configured nodes, one poll loop each (never one per browser request). Built once per
 * process by the composition root (lib/runtime), which also starts and stops it.
 */
export class Fleet {
  readonly nodes: FleetNode[];
  /** Recent backlog per domain and queue, fed by every poll that brought a queue list. */
  readonly history = new BacklogHistory();
  /** On-demand /queueDetail fetches, shared by concurrent callers. */
  readonly queueDetails = new SharedQueueDetails();
  /** Read models computed once per new set of snapshots (lib/read-models). */
  readonly derived = new SnapshotMemo();
  private byId: Map<string, FleetNode>;
  /** Polls taken into the in-memory history so far (part of `revision`). */
  private historyRecords = 0;
  /** Tells this Fleet's revisions (and snapshot versions) from those of another Fleet or process. */
  readonly instance = randomUUID();
  /** More state the fleet reads answer from (the runtime adds who polls which node: lib/cluster). */
  revisionExtra: () => string = () => '';

  constructor(
    readonly config: ConsoleConfig,
    pool: ParsePool = new ParsePool(),
    makeClient: (c: NodeConfig) => PmtaClient = (c) => clientFor(c, config),
  ) {
    const intervalMs = config.pollIntervalSeconds * 1000;
    this.nodes = config.nodes.map((c) => {
      const client = makeClient(c);
      return { config: c, client, poller: new NodePoller(c.id, client, pool, intervalMs, Date.now, adaptiveFor(config.poll, c.poll)) };
    });
    this.byId = new Map(this.nodes.map((n) => [n.config.id, n]));
    this.onPoll((o) => this.recordQueueList(o.nodeId, o.snapshot));
  }

  /** The queue table last taken into the in-memory history, per node. */
  private readonly recordedLists = new Map<string, unknown>();

  /** Record each queue list once, even when a failed poll re-announces the old one. */
  private recordQueueList(nodeId: string, snapshot: NodeSnapshot): void {
    const t = snapshot.queues;
    const at = snapshot.queuesAt;
    if (t && at !== null && this.recordedLists.get(nodeId) !== t) {
      this.recordedLists.set(nodeId, t);
      // Walks every domain of a node (100k on a big one): on its own turn of the event loop,
      // so requests and other polls are not held up behind the poll that brought it.
      this.enqueue(() => {
        this.history.record(nodeId, at, t);
        this.historyRecords++;
      });
    }
  }

  /**
   * Installs a snapshot of `nodeId` polled by another replica (lib/cluster/mirror.ts) as that
   * node's current one, so every read model answers for it as if polled here. The in-memory
   * backlog history takes it in like a poll; the poll listeners (history samples, alerts,
   * ledger) do not run: that is the owner's work, done once. False for an unknown node.
   */
  adopt(nodeId: string, snapshot: NodeSnapshot, record: PollRecord | null, origin: { polledBy: string; at: number }): boolean {
    const n = this.byId.get(nodeId);
    if (!n) return false;
    n.poller.adopt(snapshot, record, origin.polledBy, origin.at);
    this.recordQueueList(nodeId, n.poller.snapshot);
    return true;
  }

  private recording: Promise<void> = Promise.resolve();
  private stepsRecorded = 0;

  /**
   * Steps run so far by `enqueue` (history writes, alert evaluations): what a poll wrote to the
   * store is complete only once its steps ran, so answers read from the store (the history
   * routes' ETag, lib/api/route.ts) change with this rather than with the snapshot alone.
   */
  get recordedSteps(): number {
    return this.stepsRecorded;
  }

  /**
   * Run `step` after every step queued before it, on its own turn of the event loop: the way
   * poll listeners do heavy work (history writes, trend samples) without holding the event
   * loop for it all at once. `recorded()` (and so `pollAll()`) waits for the queue to drain.
   */
  enqueue(step: () => void): void {
    this.recording = this.recording.then(
      () =>
        new Promise<void>((resolve) =>
          setImmediate(() => {
            try {
              step();
            } catch (e) {
              serverLog().error({ err: e }, '[fleet] recording a poll failed');
            }
            this.stepsRecorded++;
            resolve();
          }),
        ),
    );
  }

  /** Resolves when the in-memory history has taken in every poll so far. */
  async recorded(): Promise<void> {
    let last: Promise<void>;
    do {
      last = this.recording;
      await last;
    } while (last !== this.recording);
  }

  /**
   * Changes whenever anything a fleet read model answers from may have changed: a node's
   * snapshot (version), its poll record and health (state, message and times, which also move
   * with the clock once a node is overdue), the in-memory backlog history (recorded after the
   * snapshot, on its own turn), and at every poll interval's boundary at the latest, so an
   * answer's `generatedAt` is never more than one interval old. The polled read routes derive
   * their ETag from it (lib/api/route.ts).
   */
  revision(now: number): string {
    const intervalMs = this.config.pollIntervalSeconds * 1000;
    const parts = [this.instance, String(Math.floor(now / intervalMs)), String(this.historyRecords), this.revisionExtra()];
    for (const n of this.nodes) parts.push(`${n.config.id}\u0000${n.poller.snapshot.version}\u0000${JSON.stringify(n.poller.health())}`);
    return parts.join('\u0001');
  }

  node(id: string): FleetNode | undefined {
    return this.byId.get(id);
  }

  start(): void {
    // Every node's first poll at once (data at start-up), then spread over half an interval
    // (at most 1.5 intervals between a node's first two polls, under `stale`'s two).
    const spread = (this.config.pollIntervalSeconds * 1000) / 2;
    this.nodes.forEach((n, i) => n.poller.start((i * spread) / this.nodes.length));
  }

  stop(): void {
    for (const n of this.nodes) n.poller.stop();
  }

  /** Poll one node from now on (its poll lease was granted to this replica), first when its next poll is due. */
  startNode(id: string): void {
    this.byId.get(id)?.poller.start(0, { notBeforeDue: true });
  }

  /** Stop polling one node (its lease went to another replica, or lapsed). */
  stopNode(id: string): void {
    this.byId.get(id)?.poller.stop();
  }

  onPoll(listener: (o: PollOutcome) => void): () => void {
    const offs = this.nodes.map((n) => n.poller.onPoll(listener));
    return () => offs.forEach((off) => off());
  }

  /** Poll every node now (joining polls already running); resolves when all have answered or failed. */
  async pollAll(): Promise<PollOutcome[]> {
    const outcomes = await Promise.all(this.nodes.map((n) => n.poller.pollNow()));
    await this.recorded();
    return outcomes;
  }
}
