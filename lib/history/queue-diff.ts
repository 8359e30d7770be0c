// Queue mode changes, pauses and new errors as events: compared with the previous poll of the
// same node, so a queue that stays in backoff for an hour writes two events, not 360 rows.
// Only queues in backoff, paused or with errors are tracked. Pure module.
import type { QueueTable } from '@/lib/queue-store/queue-table';
import type { QueueEventRow } from './store';

interface QueueState {
  domain: string;
  vmta: string;
  backoff: boolean;
  paused: boolean;
  /** Newest error as `time|text`; undefined = not known (first poll after start). */
  error: string | null | undefined;
  errorText: string | null;
}

export type QueueStates = Map<string, QueueState>;

export function queueStates(t: QueueTable): QueueStates {
  const newestError = new Map<number, { key: string; text: string }>();
  for (const { row, events } of t.columns.events) {
    const e = events.find((x) => x.type === null || x.type === 'error');
    if (e) newestError.set(row, { key: `${e.time ?? ''}|${e.text}`, text: e.text });
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
    });
  }
  return out;
}

/** Events between two polls; a queue missing from `cur` is back to normal, unpaused, without errors. */
export function diffQueueStates(node: string, at: number, prev: QueueStates, cur: QueueStates): QueueEventRow[] {
  const events: QueueEventRow[] = [];
  const ev = (queue: string, s: QueueState, kind: QueueEventRow['kind'], text: string | null) =>
    events.push({ at, node, queue, domain: s.domain, vmta: s.vmta, kind, text });
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
