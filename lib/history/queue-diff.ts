// Queue mode changes, pauses and new errors as events: compared with the previous poll of the
// same node, so a queue that stays in backoff for an hour writes two events, not 360 rows.
// Only queues in backoff, paused or with errors are tracked. Pure module.
import type { NodeClock } from '@/lib/fleet/node-clock';
import type { QueueTable } from '@/lib/queue-store/queue-table';
import { parsePmtaTime } from '@/lib/read-models/pmta-time';
import type { QueueEventRow } from './store';

interface QueueState {
  domain: string;
  vmta: string;
  backoff: boolean;
  paused: boolean;
  /** Newest error as `time|text`; undefined = not known (first poll after start). */
  error: string | null | undefined;
  errorText: string | null;
  /** The newest error's own time as an instant: PowerMTA prints it in the node's local time, converted with the node's clock (lib/fleet/node-clock.ts). */
  errorAt: number | null;
}

export type QueueStates = Map<string, QueueState>;

/**
 * The states of a table's queues, taken in row ranges (`step`), so that a 100k-queue node's
 * thousands of queues with errors do not hold the event loop in one piece; `finish` takes the
 * rest at once. The table is an immutable snapshot: the states are the same whenever taken.
 */
export class QueueStatesBuilder {
  private readonly out: QueueStates = new Map();
  private next = 0;
  private newestError: Map<number, { key: string; text: string; at: number | null }> | null = null;

  constructor(
    private readonly t: QueueTable | null,
    private readonly clock: Pick<NodeClock, 'offsetMs'> | null = null,
  ) {}

  /** States known already (taken from the store at start). */
  static of(states: QueueStates): QueueStatesBuilder {
    const b = new QueueStatesBuilder(null);
    for (const [k, v] of states) b.out.set(k, v);
    return b;
  }

  /** Takes up to `rows` more rows; true once every row is in. */
  step(rows = Infinity): boolean {
    const t = this.t;
    if (!t) return true;
    const c = t.columns;
    if (this.next >= c.count) return true;
    const newestError = (this.newestError ??= this.errors(t));
    const end = Math.min(c.count, this.next + rows);
    for (let i = this.next; i < end; i++) {
      const backoff = t.isBackoff(i);
      const paused = t.isPaused(i);
      const err = t.hasErrors(i) ? newestError.get(i) : undefined;
      if (!backoff && !paused && !err) continue;
      // PowerMTA names a queue `domain/vmta`; building the few names needed avoids splitting all 100k.
      const domain = t.domainOf(i);
      const vmta = t.vmtaOf(i);
      this.out.set(`${domain}/${vmta}`, {
        domain: domain.toLowerCase(),
        vmta,
        backoff,
        paused,
        error: err?.key ?? null,
        errorText: err?.text ?? null,
        errorAt: err?.at ?? null,
      });
    }
    this.next = end;
    return end >= c.count;
  }

  /** Every state (the remaining rows taken now). */
  finish(): QueueStates {
    this.step();
    return this.out;
  }

  private errors(t: QueueTable): Map<number, { key: string; text: string; at: number | null }> {
    const newestError = new Map<number, { key: string; text: string; at: number | null }>();
    // Thousands of queues in an episode share a handful of error times: parse each time once.
    const times = new Map<string | null, number | null>();
    for (const { row, events } of t.columns.events) {
      const e = events.find((x) => x.type === null || x.type === 'error');
      if (!e) continue;
      let at = times.get(e.time);
      if (at === undefined) times.set(e.time, (at = parsePmtaTime(e.time, this.clock)));
      newestError.set(row, { key: `${e.time ?? ''}|${e.text}`, text: e.text, at });
    }
    return newestError;
  }
}

export function queueStates(t: QueueTable, clock: Pick<NodeClock, 'offsetMs'> | null = null): QueueStates {
  return new QueueStatesBuilder(t, clock).finish();
}

/**
 * When a new error happened: its own (converted) time, kept between the previous poll and this
 * one — it was seen first now, so it cannot be later, and a time before the previous poll (a
 * skewed clock, an error PowerMTA re-reports) would misplace it on the charts.
 */
function errorEventAt(s: QueueState, at: number, prevAt: number | null): number {
  if (s.errorAt === null || prevAt === null) return at;
  return Math.min(at, Math.max(prevAt + 1, s.errorAt));
}

/**
 * Events between two polls (`prevAt` = the previous poll's time); a queue missing from `cur` is
 * back to normal, unpaused, without errors. Mode changes are stamped with this poll's time
 * (PowerMTA does not say when they happened); new errors with their own time.
 */
export function diffQueueStates(node: string, at: number, prev: QueueStates, cur: QueueStates, prevAt: number | null = null): QueueEventRow[] {
  const events: QueueEventRow[] = [];
  const ev = (queue: string, s: QueueState, kind: QueueEventRow['kind'], text: string | null) =>
    events.push({ at: kind === 'error' ? errorEventAt(s, at, prevAt) : at, node, queue, domain: s.domain, vmta: s.vmta, kind, text });
  for (const [queue, s] of cur) {
    const p = prev.get(queue);
    if (s.backoff && !p?.backoff) ev(queue, s, 'backoff', s.errorText);
    if (!s.backoff && p?.backoff) ev(queue, s, 'normal', null);
    if (s.paused && !p?.paused) ev(queue, s, 'paused', null);
    if (!s.paused && p?.paused) ev(queue, s, 'resumed', null);
    if (s.error && p?.error !== undefined && s.error !== p.error) ev(queue, s, 'error', s.errorText);
    if (s.error && !p) ev(queue, s, 'error', s.errorText);
  }
  for (const [queue, p] of prev) {
    if (cur.has(queue)) continue;
    if (p.backoff) ev(queue, p, 'normal', null);
    if (p.paused) ev(queue, p, 'resumed', null);
  }
  return events;
}
