// Node health as the console reports it. `ok`: the last poll succeeded and is recent.
// `stale`: no failure yet, but the newest data is older than two intervals (a slow or hung
// poll). `down`: the last poll failed; `reason` says how (timeout, refused, forbidden, …).
// Last good data stays available in every state, with its age.
import type { QueueListPolling } from './node-poller';

type HealthState = 'ok' | 'stale' | 'down';

export interface NodeHealth {
  state: HealthState;
  /** Error kind of the last failure (`timeout`, `refused`, `forbidden`, `malformed`, `too-large`…). */
  reason: string | null;
  message: string | null;
  lastAttemptAt: number | null;
  lastSuccessAt: number | null;
  /** When the current failure streak (or staleness) began. */
  since: number | null;
  consecutiveFailures: number;
  lastPollMs: number | null;
  /** How the queue list is polled (full or adaptive, and why adaptive is suspended); from the poller. */
  queueList?: QueueListPolling;
}

export interface PollRecord {
  lastAttemptAt: number | null;
  lastSuccessAt: number | null;
  lastError: { kind: string; message: string; at: number } | null;
  failureStreakStart: number | null;
  consecutiveFailures: number;
  lastPollMs: number | null;
}

export function computeHealth(r: PollRecord, now: number, intervalMs: number): NodeHealth {
  const base = {
    lastAttemptAt: r.lastAttemptAt,
    lastSuccessAt: r.lastSuccessAt,
    consecutiveFailures: r.consecutiveFailures,
    lastPollMs: r.lastPollMs,
  };
  if (r.lastError && r.consecutiveFailures > 0) {
    return { ...base, state: 'down', reason: r.lastError.kind, message: r.lastError.message, since: r.failureStreakStart };
  }
  const staleAfter = 2 * intervalMs;
  if (r.lastSuccessAt === null) {
    // Nothing heard yet: still starting, unless the first poll is taking too long.
    const waiting = r.lastAttemptAt !== null && now - r.lastAttemptAt > staleAfter;
    return {
      ...base,
      state: waiting ? 'stale' : 'down',
      reason: waiting ? 'no-answer-yet' : 'starting',
      message: waiting ? 'first poll still running' : 'not polled yet',
      since: r.lastAttemptAt,
    };
  }
  if (now - r.lastSuccessAt > staleAfter) {
    return {
      ...base,
      state: 'stale',
      reason: 'overdue',
      message: `no fresh data for ${Math.round((now - r.lastSuccessAt) / 1000)} s`,
      since: r.lastSuccessAt + staleAfter,
    };
  }
  return { ...base, state: 'ok', reason: null, message: null, since: null };
}
