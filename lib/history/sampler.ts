import 'server-only';
// Turns every poll outcome into history rows: one node sample per new status, bounded domain
// and queue rows per new queue list, and queue events from the diff with the previous list —
// all in one transaction. Times are the console's receive times (NodeSnapshot.statusAt /
// queuesAt), never PowerMTA's clock.
import type { NodeSnapshot, PollOutcome } from '@/lib/fleet/node-poller';
import type { NodeStatus } from '@/lib/pmta/types';
import type { Counter, NodeGauge } from './metrics';
import { deltaSample, type CounterSample } from './rates';
import { domainRows, type DomainRowLimits } from './domain-rows';
import { diffQueueStates, QueueStatesBuilder, type QueueStates } from './queue-diff';
import type { HistoryStore, NodeSampleRow, OpenQueueModes, PollBatch, QueueEventRow } from './store';
import { serverLog } from '@/lib/log/logger';

export interface SamplerOptions extends DomainRowLimits {
  gapMs: number;
}

interface NodeMemory {
  counters: CounterSample | null;
  statusAt: number | null;
  queuesAt: number | null;
  /** The last list's queue states, possibly still being taken in steps (sampleInSteps). */
  queues: QueueStatesBuilder | null;
}

function counterTotals(s: NodeStatus): Record<Counter, number | null> {
  const t = s.traffic.total;
  return {
    in_rcp: t.in.rcp,
    in_msg: t.in.msg,
    in_kb: t.in.kb,
    out_rcp: t.out.rcp,
    out_msg: t.out.msg,
    out_kb: t.out.kb,
    bounce: t.bounceProcessed,
    fbl: t.feedbackLoopProcessed,
  };
}

function gauges(s: NodeStatus, snap: NodeSnapshot): Record<NodeGauge, number | null> {
  // Queue counts only when this poll's queue list arrived with the status.
  const t = snap.queuesAt === snap.statusAt ? snap.queues : null;
  const modes = t?.modeCounts() ?? null;
  const smtp = s.queue.smtp;
  return {
    conn_in: s.conn.smtpIn.cur,
    conn_out: s.conn.smtpOut.cur,
    queued_rcp: smtp?.rcp ?? null,
    queued_kb: smtp?.kb ?? null,
    queued_dom: smtp?.dom ?? null,
    spool_rcp: s.spool.totalRcp,
    spool_max: s.spool.maxRcp,
    queues: t ? t.count : null,
    backoff: modes?.backoff ?? null,
    paused: modes?.paused ?? null,
    lastmin_in_rcp: s.traffic.lastMin.in.rcp,
    lastmin_out_rcp: s.traffic.lastMin.out.rcp,
  };
}

/** Rows per transaction when writing in steps. */
const WRITE_CHUNK = 250;
/** Queue states taken per step (sampleInSteps). */
const STATES_PER_STEP = 2_000;

type Prepared = PollBatch & { eventsLater?: () => QueueEventRow[]; states?: QueueStatesBuilder };

export class HistorySampler {
  private memory = new Map<string, NodeMemory>();
  /** Per node, the last awaited write (async stores): one node's polls are written in order. */
  private readonly chains = new Map<string, Promise<void>>();

  constructor(
    private readonly store: HistoryStore,
    private readonly opts: SamplerOptions,
  ) {}

  /** Fleet.onPoll listener writing at once. A failed poll re-announces the old snapshot; it writes nothing. */
  readonly onPoll = (o: PollOutcome): void => {
    if (this.store.kind === 'sqlite') this.sample(o.nodeId, o.snapshot);
    else void this.inOrder(o.nodeId, () => this.record(o.nodeId, o.snapshot));
  };

  /** Run `write` after the node's previous one; a failure is logged (the next poll writes again). */
  private inOrder(node: string, write: () => Promise<unknown>): Promise<void> {
    const next = (this.chains.get(node) ?? Promise.resolve()).then(write).then(
      () => {},
      (e: unknown) => serverLog().error({ err: e, node }, '[history] writing a poll failed'),
    );
    this.chains.set(node, next);
    return next;
  }

  /** Every write started so far has finished (before the store closes). */
  async idle(): Promise<void> {
    await Promise.all(this.chains.values());
  }

  /**
   * As sample(), on any store: what the store remembers of the node is read first (awaited on
   * PostgreSQL), the poll is one awaited writePoll (one transaction).
   */
  async record(node: string, snap: NodeSnapshot): Promise<PollBatch | null> {
    if (!this.memory.has(node)) {
      const [last, open] = await Promise.all([this.store.lastNodeSample(node), this.store.openQueueModes(node)]);
      if (!this.memory.has(node)) this.remember(node, last, open);
    }
    const batch = this.prepare(node, snap);
    if (batch) await this.store.writePoll(batch);
    return batch;
  }

  /**
   * As sample(), cut into steps that `enqueue` runs one per turn of the event loop: reading the
   * snapshot, then the rows in transactions of at most WRITE_CHUNK rows. A 100k-queue node's
   * ~1,000 rows per poll then never hold the server's event loop in one piece.
   */
  sampleInSteps(node: string, snap: NodeSnapshot, enqueue: (step: () => void) => void): void {
    // An awaited store's writes do not hold the event loop: one transaction per poll.
    if (this.store.kind !== 'sqlite') {
      enqueue(() => void this.inOrder(node, () => this.record(node, snap)));
      return;
    }
    enqueue(() => {
      // The queue states and their diff (events) are steps of their own: with the domain rows
      // they held a 100k-queue node's poll on the event loop for 100+ ms in one piece (B2's
      // largest stall).
      const batch = this.prepare(node, snap, true);
      if (!batch) return;
      if (batch.node) enqueue(() => this.store.writePoll({ node: batch.node }));
      const q = batch.queues;
      if (q) {
        for (let i = 0; i < Math.max(1, q.domains.length); i += WRITE_CHUNK) {
          const domains = q.domains.slice(i, i + WRITE_CHUNK);
          enqueue(() => this.store.writePoll({ queues: { ...q, domains, queues: [] } }));
        }
        for (let i = 0; i < q.queues.length; i += WRITE_CHUNK) {
          const queues = q.queues.slice(i, i + WRITE_CHUNK);
          enqueue(() => this.store.writePoll({ queues: { ...q, domains: [], queues } }));
        }
      }
      const later = batch.eventsLater;
      const writeEvents = () => {
        const events = later!();
        if (events.length) this.store.writePoll({ events });
      };
      // The queue states a few thousand per step, then their diff (a node's next poll takes
      // what is left of them at once: its diff needs them).
      const states = batch.states;
      const takeStates = () => enqueue(() => (states!.step(STATES_PER_STEP) ? enqueue(writeEvents) : takeStates()));
      if (states) takeStates();
      else if (later) enqueue(writeEvents);
    });
  }

  private mem(node: string): NodeMemory {
    const m = this.memory.get(node);
    if (m) return m;
    // Continue from what the store holds, so rates and backoff periods survive a console restart.
    const last = this.store.lastNodeSample(node);
    const open = this.store.openQueueModes(node);
    if (last instanceof Promise || open instanceof Promise) throw new Error('history sampler: an awaited store is written through record()');
    return this.remember(node, last, open);
  }

  private remember(node: string, last: CounterSample | null, open: OpenQueueModes): NodeMemory {
    const queues: QueueStates = new Map();
    for (const [q, s] of open.backoff) queues.set(q, { ...s, backoff: true, paused: false, error: undefined, errorText: null, errorAt: null });
    for (const [q, s] of open.paused)
      queues.set(q, { ...(queues.get(q) ?? { ...s, backoff: false, error: undefined, errorText: null, errorAt: null }), paused: true });
    const m: NodeMemory = { counters: last, statusAt: null, queuesAt: null, queues: QueueStatesBuilder.of(queues) };
    this.memory.set(node, m);
    return m;
  }

  /** Write what is new in a snapshot; returns the batch written (null = nothing new). */
  sample(node: string, snap: NodeSnapshot): PollBatch | null {
    const batch = this.prepare(node, snap);
    if (batch) void this.store.writePoll(batch); // synchronous on SQLite (the only store this path serves)
    return batch;
  }

  /**
   * What is new in a snapshot (and remember it as seen); null = nothing new. With
   * `deferEvents` the queue events are left to `eventsLater` (the states it compares are taken
   * now, so a later poll's prepare is not affected by when it runs).
   */
  private prepare(node: string, snap: NodeSnapshot, deferEvents = false): Prepared | null {
    const m = this.mem(node);
    const batch: Prepared = {};
    if (snap.status && snap.statusAt !== null && snap.statusAt !== m.statusAt) {
      m.statusAt = snap.statusAt;
      const cur: CounterSample = { at: snap.statusAt, totals: counterTotals(snap.status) };
      const d = deltaSample(m.counters, cur, this.opts.gapMs);
      if (d) {
        m.counters = cur;
        const row: NodeSampleRow = { node, at: cur.at, dtMs: d.dtMs, totals: cur.totals, deltas: d.deltas, gauges: gauges(snap.status, snap) };
        batch.node = row;
      }
    }
    if (snap.queues && snap.queuesAt !== null && snap.queuesAt !== m.queuesAt && (m.queuesAt === null || snap.queuesAt > m.queuesAt)) {
      const first = m.queuesAt === null;
      const prevAt = m.queuesAt;
      m.queuesAt = snap.queuesAt;
      batch.queues = { node, at: snap.queuesAt, ...domainRows(snap.queues, this.opts) };
      // The previous list's states, completed now if its steps have not run yet.
      const prev = m.queues?.finish() ?? new Map();
      const states = new QueueStatesBuilder(snap.queues, snap.clock);
      const at = snap.queuesAt;
      m.queues = states;
      const events = () => {
        const all = diffQueueStates(node, at, prev, states.finish(), prevAt);
        // Errors already present when the console starts are not news.
        return first ? all.filter((e) => e.kind !== 'error') : all;
      };
      if (deferEvents) {
        batch.states = states;
        batch.eventsLater = events;
      } else batch.events = events();
    }
    return batch.node || batch.queues ? batch : null;
  }
}
