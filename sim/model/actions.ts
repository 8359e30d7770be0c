// What operator commands do to the model. The HTTP command handler and the programmatic
// handle both go through these, so they cannot drift apart.

import type { SimModel } from './model';
import { queueMatcher, setMode, type QueueMode, type SimQueue } from './queue';

export function matching(m: SimModel, pattern: string): SimQueue[] {
  const match = queueMatcher(pattern);
  return m.queues.filter(match);
}

export function pauseQueues(m: SimModel, pattern: string): number {
  const qs = matching(m, pattern);
  for (const q of qs) {
    q.paused = true;
    q.conn = 0;
  }
  return qs.length;
}

export function resumeQueues(m: SimModel, pattern: string): number {
  const qs = matching(m, pattern);
  for (const q of qs) q.paused = false;
  return qs.length;
}

/** `schedule`: retry now. Returns [scheduled, matching]; only queues waiting for a retry count. */
export function scheduleQueues(m: SimModel, pattern: string): [number, number] {
  const qs = matching(m, pattern);
  let scheduled = 0;
  for (const q of qs) {
    if (q.retryAt > m.now) scheduled++;
    q.retryAt = m.now;
  }
  return [scheduled, qs.length];
}

/**
 * `set queue --mode=…`. Forcing normal does not fix the remote side: if the provider is still
 * refusing, the next attempt puts the queue back in backoff, as on a real node.
 */
export function setQueueMode(m: SimModel, pattern: string, mode: QueueMode): number {
  const qs = matching(m, pattern);
  for (const q of qs) {
    if (mode === 'backoff') {
      setMode(q, 'backoff', m.now, 'backoff mode set by operator (set queue --mode=backoff)');
      q.backoffReason ??= 'set queue --mode=backoff';
    } else {
      setMode(q, 'normal', m.now, 'normal mode set by operator (set queue --mode=normal)');
      q.retryAt = Math.min(q.retryAt, m.now);
    }
  }
  return qs.length;
}

export function resetCounters(m: SimModel): void {
  m.traffic.reset();
  m.connIn.top = m.connIn.cur;
  m.connOut.top = m.connOut.cur;
}
