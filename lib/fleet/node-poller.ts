import 'server-only';
import { randomUUID } from 'node:crypto';
import { serverLog } from '@/lib/log/logger';
import type { PmtaClient } from '@/lib/pmta/client';
import { listParams } from '@/lib/pmta/list-params';
import type { NodeStatus } from '@/lib/pmta/types';
import { computeHealth, type NodeHealth, type PollRecord } from './health';
import { measureClock, type NodeClock } from './node-clock';
import { MalformedReplyError, type ParsePool } from './parse-pool';
import { streamQueueColumns } from './stream-queues';
import { QueueTable } from '@/lib/queue-store/queue-table';
import type { QueueColumns } from '@/lib/queue-store/queue-columns';
import type { PartialKind } from '@/lib/queue-store/queue-merge';
import { errorKind } from '@/lib/pmta/errors';
import type { AdaptivePollConfig } from '@/lib/config/poll-schema';

/** What the poller needs from the PowerMTA client: raw bytes, so decoding and parsing happen off-thread. */
export type RawFetcher = Pick<PmtaClient, 'fetchBytes' | 'streamBytes'>;

export interface NodeSnapshot {
  nodeId: string;
  status: NodeStatus | null;
  statusAt: number | null;
  queues: QueueTable | null;
  queuesAt: number | null;
  /**
   * When the last full queue list arrived. With adaptive polling the table is the last full
   * list with partial lists merged in (`queues.columns.seenAt` says when each row was fetched):
   * rows outside backoff, paused and the top N are only as fresh as this. (Optional for
   * snapshots built by hand in tests; absent means the table is a full list.)
   */
  fullQueuesAt?: number | null;
  /** The node's clock as measured from the last /status (zone offset or skew); null before one. */
  clock: NodeClock | null;
  /** Increments whenever any part of the snapshot changes. */
  version: number;
}

export interface PollOutcome {
  nodeId: string;
  at: number;
  ok: boolean;
  ms: number;
  snapshot: NodeSnapshot;
}

/** Every queue with its errors, not PowerMTA's default top 10 (lib/pmta/list-params.ts). */
export const ALL_QUEUES_PARAMS = { ...listParams(), sort: 'rcpt' } as const;

/**
 * The partial lists of an adaptive poll, with the `/queues` filters PowerMTA documents
 * (powermta-api.md §2: the S3 UI and the S11 wrapper; CLI `show queues --mode --paused
 * --maxitems --sort`, guide §6.1). Their HTTP spellings in 5.x are unconfirmed, so every reply
 * is checked (queue-merge.ts `partialProblem`) and a node that ignores one is polled in full.
 * "Queues with errors" has no documented filter, so it is not asked for.
 */
export function partialListParams(topN: number): { kind: PartialKind; params: Record<string, string> }[] {
  return [
    { kind: 'backoff', params: { ...ALL_QUEUES_PARAMS, mode: 'backoff' } },
    { kind: 'paused', params: { ...ALL_QUEUES_PARAMS, paused: 'yes' } },
    { kind: 'top', params: { ...listParams(topN), sort: 'rcpt' } },
  ];
}

/** How soon a poll held back by its lease (NodePoller.setFence) is tried again. */
const GATE_RETRY_MS = 50;

/** Full polls after partial replies looked wrong, before adaptive polling is tried again. */
export const FALLBACK_POLLS = 360;

/** How the node's queue list is polled now (node health, `/api/nodes`). */
export interface QueueListPolling {
  /** `adaptive`: partial lists between full ones; `full`: the full list every interval. */
  mode: 'full' | 'adaptive';
  /** When the last full list arrived. */
  lastFullAt: number | null;
  /** Adaptive polling is configured but suspended for this node: why, and until when. */
  fallback: { reason: string; at: number; until: number } | null;
}

/**
 * Where a node's data comes from when another replica polls it (lib/cluster/mirror.ts):
 * that replica, when its snapshot was last installed here, and why the last fetch failed.
 */
export interface SnapshotOrigin {
  polledBy: string;
  mirroredAt: number;
  lastError: { message: string; at: number } | null;
}

function errorInfo(e: unknown): { kind: string; message: string } {
  return { kind: errorKind(e), message: e instanceof Error ? e.message : String(e) };
}

/**
 * One poll loop for one node. Polls never overlap (single-flight): a poll that outlasts the
 * interval delays only this node's next poll, never another node's.
 */
export class NodePoller {
  private record: PollRecord = {
    lastAttemptAt: null,
    lastSuccessAt: null,
    lastError: null,
    failureStreakStart: null,
    consecutiveFailures: 0,
    lastPollMs: null,
  };
  private snap: NodeSnapshot;
  private inflight: Promise<PollOutcome> | null = null;
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private listeners = new Set<(o: PollOutcome) => void>();
  /** This poller's full list in the parse worker (the base partial lists merge into). */
  private readonly baseKey = randomUUID();
  /** Adaptive polling: whether the worker holds a base, partial polls since, last full size. */
  private list = { hasBase: false, partials: 0, fullBytes: 0, fallback: null as QueueListPolling['fallback'] };
  private bytes = 0;
  /** Tells a restarted loop from the one stop() ended while its poll was in flight. */
  private loop = 0;
  /**
   * With several replicas: whether this replica still holds the node's poll lease (the
   * generation it polls under). Checked before the poll's outcome reaches the listeners, which
   * persist it (history, drift, alerts): a replica paused past its lease writes nothing.
   */
  private fence: (() => Promise<boolean>) | null = null;
  /** With several replicas: whether the lease lets a poll start now (else the loop skips one). */
  private mayPoll: (() => boolean) | null = null;
  private mirrored: SnapshotOrigin | null = null;
  /**
   * With several replicas: another replica holds this node's poll lease, so nothing here may
   * poll it (an action's verification waits for the owner's list through the mirror instead).
   */
  polledElsewhere = false;

  constructor(
    readonly nodeId: string,
    private readonly client: RawFetcher,
    private readonly pool: ParsePool,
    readonly intervalMs: number,
    private readonly now: () => number = Date.now,
    /** `poll.adaptive` for this node (lib/config/poll-schema.ts); off: the full list every poll. */
    private readonly adaptive: AdaptivePollConfig | null = null,
  ) {
    this.snap = { nodeId, status: null, statusAt: null, queues: null, queuesAt: null, fullQueuesAt: null, clock: null, version: 0 };
  }

  /** Bytes of every reply this poller has received (/status and /queues), for B8. */
  get upstreamBytes(): number {
    return this.bytes;
  }

  queueListPolling(): QueueListPolling {
    const fallback = this.list.fallback && this.list.fallback.until > this.now() ? this.list.fallback : null;
    return { mode: this.adaptive?.enabled && !fallback ? 'adaptive' : 'full', lastFullAt: this.snap.fullQueuesAt ?? null, fallback };
  }

  /** When the last poll began (a released lease's next owner polls one interval after it). */
  get lastStartedAt(): number | null {
    return this.record.lastAttemptAt;
  }

  setFence(fence: (() => Promise<boolean>) | null, mayPoll: (() => boolean) | null = null): void {
    this.fence = fence;
    this.mayPoll = mayPoll;
  }

  get snapshot(): NodeSnapshot {
    return this.snap;
  }

  /** Null while this process polls the node itself; else the replica whose snapshot this is. */
  get origin(): SnapshotOrigin | null {
    return this.mirrored;
  }

  /**
   * Installs a snapshot another replica polled, with that replica's poll record: health() then
   * judges the owner's polls by the usual rules (lib/fleet/health.ts), so a node the owner
   * cannot reach reads as down here too, and one whose owner stops answering turns stale once
   * its newest data is two intervals old. The version is this poller's own (the revisions and
   * memos of this process key on it). Meant for a node this process does not poll; a poll of
   * its own later takes over from the installed snapshot and clears the origin.
   */
  adopt(snap: NodeSnapshot, record: PollRecord | null, polledBy: string, at: number): void {
    this.snap = { ...snap, nodeId: this.nodeId, version: this.snap.version + 1 };
    if (record) this.record = record;
    this.mirrored = { polledBy, mirroredAt: at, lastError: null };
  }

  /** The owner confirmed the installed snapshot is still its latest (a 304). */
  mirrorConfirmed(polledBy: string, at: number): void {
    if (this.mirrored) this.mirrored = { polledBy, mirroredAt: at, lastError: null };
  }

  /** The owner could not be asked: the installed snapshot stays, and ages (see adopt). */
  mirrorFailed(polledBy: string, message: string, at: number): void {
    this.mirrored = { polledBy, mirroredAt: this.mirrored?.mirroredAt ?? at, lastError: { message, at } };
  }

  /** The poll record health() is computed from (the owner's, for an adopted snapshot). */
  get pollRecord(): PollRecord {
    return this.record;
  }

  health(): NodeHealth {
    return { ...computeHealth(this.record, this.now(), this.intervalMs), queueList: this.queueListPolling() };
  }

  onPoll(listener: (o: PollOutcome) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Polls now, then every interval. `phaseMs` shifts the polls after the first one: a fleet
   * spreads its nodes over the interval (Fleet.start), so that 20 big queue lists do not
   * arrive — and wait for the one parse worker, all in memory at once — in the same second.
   */
  start(phaseMs = 0, opts: { notBeforeDue?: boolean } = {}): void {
    if (this.running) return;
    this.running = true;
    const loop = ++this.loop;
    let shift = phaseMs;
    // A loop restarted (a lease regained) polls when the next poll is due, not at once: the
    // interval since the last poll still counts.
    const last = this.record.lastAttemptAt;
    const wait = opts.notBeforeDue && last !== null ? last + this.intervalMs - this.now() : 0;
    const tick = async () => {
      if (this.mayPoll && !this.mayPoll()) {
        // The lease's renewal is on its way (or it is being lost): look again shortly rather
        // than an interval later, which would keep the same phase against the heartbeats.
        this.timer = setTimeout(tick, GATE_RETRY_MS);
        this.timer.unref?.();
        return;
      }
      const started = this.now();
      await this.pollNow();
      if (!this.running || loop !== this.loop) return;
      this.timer = setTimeout(tick, Math.max(0, this.intervalMs - (this.now() - started)) + shift);
      this.timer.unref?.();
      shift = 0;
    };
    if (wait > 0) {
      this.timer = setTimeout(tick, wait);
      this.timer.unref?.();
    } else void tick();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.list.hasBase) this.pool.forget(this.baseKey);
    this.list.hasBase = false;
  }

  /** Poll now, or join the poll already running. */
  pollNow(): Promise<PollOutcome> {
    this.inflight ??= this.poll().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async poll(): Promise<PollOutcome> {
    const started = this.now();
    this.record = { ...this.record, lastAttemptAt: started };
    const [status, queues] = await Promise.allSettled([
      // The arrival time is taken before parsing: it is what timeNow is measured against.
      this.client.fetchBytes('/status', {}).then(async (r) => {
        const arrivedAt = this.now();
        this.bytes += r.body.length;
        return { ...(await this.pool.status(r.format, r.body)), arrivedAt };
      }),
      this.queueList(),
    ]);
    const at = this.now();
    // The table goes live with the worker's derived indexes (domain totals, default order):
    // a request between the two messages would otherwise compute them on this thread (a
    // collation pass over 100k domains), and a page navigation landing then would wait for it.
    if (queues.status === 'fulfilled') await queues.value.extras;
    // Keep whatever part did arrive: a node whose queue list is too large still reports status.
    let next = this.snap;
    if (status.status === 'fulfilled') {
      const clock = measureClock(status.value.value.timeNow, status.value.arrivedAt) ?? next.clock;
      next = { ...next, status: status.value.value, statusAt: at, clock };
    }
    if (queues.status === 'fulfilled') {
      const q = queues.value;
      next = { ...next, queues: new QueueTable(q.value, next.queues), queuesAt: at, fullQueuesAt: q.fullAt ?? next.fullQueuesAt };
    }
    if (next !== this.snap) this.snap = { ...next, version: this.snap.version + 1 };

    const failure = [status, queues].find((r) => r.status === 'rejected');
    const ms = at - started;
    if (failure) {
      const info = errorInfo(failure.reason);
      const part = failure === status ? '/status' : '/queues';
      this.record = {
        ...this.record,
        lastError: { kind: info.kind, message: `${part}: ${info.message}`, at },
        failureStreakStart: this.record.consecutiveFailures ? this.record.failureStreakStart : started,
        consecutiveFailures: this.record.consecutiveFailures + 1,
        lastPollMs: ms,
      };
    } else {
      this.record = { ...this.record, lastSuccessAt: at, lastError: null, failureStreakStart: null, consecutiveFailures: 0, lastPollMs: ms };
    }
    if (queues.status === 'rejected') this.list.hasBase = false; // the next list is a full one
    this.mirrored = null; // polled here now, whatever was installed before
    const outcome: PollOutcome = { nodeId: this.nodeId, at, ok: !failure, ms, snapshot: this.snap };
    if (this.fence && !(await this.fence().catch(() => false))) {
      serverLog().warn({ node: this.nodeId }, '[fleet] poll lease lost: this poll is not recorded');
      return outcome;
    }
    for (const l of this.listeners) {
      try {
        l(outcome);
      } catch (e) {
        serverLog().error({ node: this.nodeId, err: e }, '[fleet] poll listener failed');
      }
    }
    return outcome;
  }

  /**
   * This poll's queue table: the full list, or — adaptive polling, between full lists — the
   * partial lists merged into the last table by the parse worker. `fullAt` is set when the
   * table is a full list (when it was asked for: the rows are at least that old).
   */
  private async queueList(): Promise<{ value: QueueColumns; extras: Promise<void>; fullAt: number | null }> {
    const a = this.adaptive;
    const now = this.now();
    if (this.list.fallback && this.list.fallback.until <= now) this.list.fallback = null;
    const adaptive = a?.enabled === true && this.list.fallback === null;
    if (adaptive && this.list.hasBase && this.list.partials < a.fullEvery - 1) {
      const merged = await this.partialLists(a.topN);
      if (merged) {
        this.list.partials++;
        return { ...merged, fullAt: null };
      }
      // Refused (fallback recorded, or the worker lost the base): the full list, now.
    }
    // Kept as the base of the next partial polls, unless a refusal just suspended them.
    const keep = adaptive && this.list.fallback === null;
    // Streamed into the parse worker as it arrives (stream-queues.ts); its time is when it began.
    const fullAt = this.now();
    const parsed = await streamQueueColumns(this.client, this.pool, { ...ALL_QUEUES_PARAMS }, keep ? { key: this.baseKey, at: fullAt } : undefined);
    const size = parsed.bytes;
    this.bytes += size;
    this.list = { ...this.list, hasBase: keep, partials: 0, fullBytes: size };
    return { value: parsed.value, extras: parsed.extras, fullAt };
  }

  /**
   * The backoff, paused and top-N lists merged into the base, or null when they cannot stand
   * for this interval's list: they look wrong (then the node falls back to full polls, said in
   * its health) or the worker has no base (restarted). Transport errors fail the poll as usual.
   */
  private async partialLists(topN: number): Promise<{ value: QueueColumns; extras: Promise<void> } | null> {
    const replies = await Promise.all(partialListParams(topN).map(async (p) => ({ kind: p.kind, ...(await this.client.fetchBytes('/queues', p.params)) })));
    const at = this.now();
    let size = 0;
    for (const r of replies) size += r.body.length;
    this.bytes += size;
    this.list.hasBase = false; // a merge consumes the base, whatever its outcome
    if (size >= this.list.fullBytes) {
      this.fallBack(`the partial lists (${size} bytes) are as large as the full list (${this.list.fullBytes} bytes): filters ignored?`, at);
      this.pool.forget(this.baseKey);
      return null;
    }
    try {
      const merged = await this.pool.merge(this.baseKey, at, topN, replies);
      this.list.hasBase = true;
      return merged;
    } catch (e) {
      if (!(e instanceof MalformedReplyError)) throw e;
      if (e.code !== 'no-base') this.fallBack(e.message, at);
      return null;
    }
  }

  private fallBack(reason: string, at: number): void {
    const until = at + FALLBACK_POLLS * this.intervalMs;
    this.list.fallback = { reason, at, until };
    serverLog().warn({ node: this.nodeId, reason, until: new Date(until).toISOString() }, '[fleet] adaptive polling suspended: full queue lists until then');
  }
}
