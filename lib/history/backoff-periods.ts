// Backoff periods of a domain's queues from the mode-change events the sampler records.
// Pure module.
import type { BackoffPeriod } from './api-types';

export interface ModeEventRow {
  at: number;
  node: string;
  queue: string;
  kind: 'backoff' | 'normal';
  text: string | null;
}

/** Periods overlapping [from, …), oldest first; events must be in time order. */
export function backoffPeriodsFromEvents(events: ModeEventRow[], from: number): BackoffPeriod[] {
  const open = new Map<string, BackoffPeriod>();
  const done: BackoffPeriod[] = [];
  for (const e of events) {
    const key = `${e.node}\u0000${e.queue}`;
    const cur = open.get(key);
    if (e.kind === 'backoff') {
      if (!cur) open.set(key, { node: e.node, queue: e.queue, from: e.at, to: null, reason: e.text });
    } else if (cur) {
      cur.to = e.at;
      open.delete(key);
      if (e.at >= from) done.push(cur);
    }
  }
  return [...done, ...open.values()].sort((a, b) => a.from - b.from);
}
