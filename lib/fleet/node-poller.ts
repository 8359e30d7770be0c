import 'server-only';
import { serverLog } from '@/lib/log/logger';
import type { PmtaClient } from '@/lib/pmta/client';
import { listParams } from '@/lib/pmta/list-params';
import type { NodeStatus } from '@/lib/pmta/types';
import { computeHealth, type NodeHealth, type PollRecord } from './health';
import { measureClock, type NodeClock } from './node-clock';
import type { ParsePool } from './parse-pool';
import { streamQueueColumns } from './stream-queues';
import { QueueTable } from '@/lib/queue-store/queue-table';
import { errorKind } from '@/lib/pmta/errors';

/** What the poller needs from the PowerMTA client: raw bytes, so decoding and parsing happen off-thread. */
export type RawFetcher = Pick<PmtaClient, 'fetchBytes' | 'streamBytes'>;

export interface NodeSnapshot {
  nodeId: string;
  status: NodeStatus | null;
  statusAt: number | null;
  queues: QueueTable | null;
  queuesAt: number | null;
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

  constructor(
    readonly nodeId: string,
    private readonly client: RawFetcher,
    private readonly pool: ParsePool,
    readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.snap = { nodeId, status: null, statusAt: null, queues: null, queuesAt: null, clock: null, version: 0 };
  }

  get snapshot(): NodeSnapshot {
    return this.snap;
  }

  health(): NodeHealth {
    return computeHealth(this.record, this.now(), this.intervalMs);
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
  start(phaseMs = 0): void {
    if (this.running) return;
    this.running = true;
    let shift = phaseMs;
    const tick = async () => {
      const started = this.now();
      await this.pollNow();
      if (!this.running) return;
      this.timer = setTimeout(tick, Math.max(0, this.intervalMs - (this.now() - started)) + shift);
      this.timer.unref?.();
      shift = 0;
    };
    void tick();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
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
        return { ...(await this.pool.status(r.format, r.body)), arrivedAt };
      }),
      // Streamed into the parse worker as it arrives (stream-queues.ts).
      streamQueueColumns(this.client, this.pool, { ...ALL_QUEUES_PARAMS }),
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
    if (queues.status === 'fulfilled') next = { ...next, queues: new QueueTable(queues.value.value), queuesAt: at };
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
    const outcome: PollOutcome = { nodeId: this.nodeId, at, ok: !failure, ms, snapshot: this.snap };
    for (const l of this.listeners) {
      try {
        l(outcome);
      } catch (e) {
        serverLog().error({ node: this.nodeId, err: e }, '[fleet] poll listener failed');
      }
    }
    return outcome;
  }
}
