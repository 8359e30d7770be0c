// Queue mode changes, pauses and new errors as events: compared with the previous poll of the
// same node, so a queue that stays in backoff for an hour writes two events, not 360 rows.
// Only queues in backoff, paused or with errors are tracked. Pure module.
import type { NodeClock } from '@/lib/fleet/node-clock';
import type { QueueEvent } from '@/lib/pmta/types';
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
 * The states of a table's queues, taken in steps of at most `budget` states (`step`), so that
 * a 100k-queue node's thousands of queues with errors do not hold the event loop in one
 * piece; `finish` takes the rest at once. The table is an immutable snapshot: the states are
 * the same whenever taken.
 */
export class QueueStatesBuilder {
  private readonly out: QueueStates = new Map();
  private next = 0;
  /** The next entry of the table's events (listed in row order) not yet passed. */
  private nextEvents = 0;
  /** Thousands of queues in an episode share a handful of error times: each parsed once. */
  private readonly times = new Map<string | null, number | null>();

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

  /** Takes rows until `budget` more states are in or every row is; true once every row is. */
  step(budget = Infinity): boolean {
    const t = this.t;
    if (!t) return true;
    const c = t.columns;
    const events = c.events;
    let made = 0;
    let i = this.next;
    for (; i < c.count && made < budget; i++) {
      const backoff = t.isBackoff(i);
      const paused = t.isPaused(i);
      let err: { key: string; text: string; at: number | null } | undefined;
      if (t.hasErrors(i)) {
        while (this.nextEvents < events.length && events[this.nextEvents]!.row < i) this.nextEvents++;
        const own = events[this.nextEvents];
        if (own?.row === i) err = this.newestError(own.events);
      }
      if (!backoff && !paused && !err) continue;
      made++;
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
    this.next = i;
    return i >= c.count;
  }

  /** Every state (the remaining rows taken now). */
  finish(): QueueStates {
    this.step();
    return this.out;
  }

  private newestError(events: QueueEvent[]): { key: string; text: string; at: number | null } | undefined {
    const e = events.find((x) => x.type === null || x.type === 'error');
    if (!e) return undefined;
    let at = this.times.get(e.time);
    if (at === undefined) this.times.set(e.time, (at = parsePmtaTime(e.time, this.clock)));
    return { key: `${e.time ?? ''}|${e.text}`, text: e.text, at };
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
