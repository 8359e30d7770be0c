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

export function queueStates(t: QueueTable, clock: Pick<NodeClock, 'offsetMs'> | null = null): QueueStates {
  const newestError = new Map<number, { key: string; text: string; at: number | null }>();
  // Thousands of queues in an episode share a handful of error times: parse each time once.
  const times = new Map<string | null, number | null>();
  for (const { row, events } of t.columns.events) {
    const e = events.find((x) => x.type === null || x.type === 'error');
    if (!e) continue;
    let at = times.get(e.time);
    if (at === undefined) times.set(e.time, (at = parsePmtaTime(e.time, clock)));
    newestError.set(row, { key: `${e.time ?? ''}|${e.text}`, text: e.text, at });
  }
  const out: QueueStates = new Map();
  const c = t.columns;
  for (let i = 0; i < c.count; i++) {
    const backoff = t.isBackoff(i);
    const paused = t.isPaused(i);
    const err = t.hasErrors(i) ? newestError.get(i) : undefined;
    if (!backoff && !paused && !err) continue;
    // PowerMTA names a queue `domain/vmta`; building the few names needed avoids splitting all 100k.
    out.set(`${t.domainOf(i)}/${t.vmtaOf(i)}`, {
      domain: t.domainOf(i).toLowerCase(),
      vmta: t.vmtaOf(i),
      backoff,
      paused,
      error: err?.key ?? null,
      errorText: err?.text ?? null,
      errorAt: err?.at ?? null,
    });
  }
  return out;
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
