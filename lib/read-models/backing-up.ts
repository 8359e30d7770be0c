// The "backing up" rule, in one place. A domain is backing up on a node when its backlog has
// grown over consecutive polls while deliveries to it stall. Growth alone is normal during a
// campaign; a stall alone (a paused queue with nothing queued) is harmless. Each verdict says
// *why*, in words an operator can check against PowerMTA.
import type { Queue } from '@/lib/pmta/types';
import type { DomainSample } from './backlog-history';
import type { NodeClock } from '@/lib/fleet/node-clock';
import { pastEventAt, parsePmtaTime } from './pmta-time';

export interface BackingUpThresholds {
  /** Consecutive polls over which the backlog must not shrink and must grow overall. */
  growthPolls: number;
  /** Smallest backlog (recipients) worth flagging. */
  minRcp: number;
  /** An error younger than this counts as recent. */
  recentErrorMinutes: number;
}

export interface BackingUpVerdict {
  node: string;
  domain: string;
  backingUp: boolean;
  rcp: number;
  /** How urgent the verdict is (backingUpSeverity); lists are ordered by it, highest first. */
  severity: number;
  /** Backlog change over the evaluated polls (null with too few polls). */
  growth: number | null;
  reasons: string[];
  signals: {
    noConnections: boolean;
    backoffQueues: number;
    pausedQueues: number;
    /** Oldest error PowerMTA still lists for a queue in backoff: backoff lasted at least since then. */
    backoffSince: number | null;
    nextRetryAt: number | null;
    lastError: { at: number | null; text: string } | null;
    recentError: boolean;
  };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function ago(ms: number): string {
  const m = Math.round(ms / 60_000);
  return m < 1 ? 'just now' : m < 60 ? `${m} min ago` : `${Math.round(m / 60)} h ago`;
}

export function evaluateBackingUp(
  node: string,
  domain: string,
  trend: DomainSample[],
  queues: Queue[],
  t: BackingUpThresholds,
  now: number,
  /** The node's measured clock: its zone-less retry and error times convert through it. */
  clock: NodeClock | null = null,
): BackingUpVerdict {
  const rcp = queues.reduce((s, q) => s + (q.rcp ?? 0), 0);
  const conn = queues.reduce((s, q) => s + (q.conn ?? 0), 0);
  const backoffQueues = queues.filter((q) => q.mode === 'backoff').length;
  const pausedQueues = queues.filter((q) => q.paused === true).length;
  const retries = queues.map((q) => parsePmtaTime(q.retryTime, clock)).filter((x): x is number => x !== null && x > now);
  const nextRetryAt = retries.length ? Math.min(...retries) : null;
  let lastError: BackingUpVerdict['signals']['lastError'] = null;
  for (const q of queues) {
    for (const e of q.events) {
      if (e.type !== null && e.type !== 'error') continue;
      const at = pastEventAt(e.time, clock, now);
      if (!lastError || (at ?? -Infinity) > (lastError.at ?? -Infinity)) lastError = { at, text: e.text };
    }
  }
  let backoffSince: number | null = null;
  for (const q of queues) {
    if (q.mode !== 'backoff') continue;
    for (const e of q.events) {
      if (e.type !== null && e.type !== 'error') continue;
      const at = pastEventAt(e.time, clock, now);
      if (at !== null && (backoffSince === null || at < backoffSince)) backoffSince = at;
    }
  }
  const recentError = lastError?.at != null && now - lastError.at <= t.recentErrorMinutes * 60_000;

  const window = trend.slice(-t.growthPolls);
  let growth: number | null = null;
  let growing = false;
  if (window.length >= t.growthPolls && window.length >= 2) {
    growth = window.at(-1)!.rcp - window[0]!.rcp;
    growing = growth > 0 && window.every((s, i) => i === 0 || s.rcp >= window[i - 1]!.rcp);
  }
  const noConnections = queues.length > 0 && conn === 0;
  const stalled = noConnections || backoffQueues > 0 || pausedQueues > 0;
  const backingUp = growing && stalled && rcp >= t.minRcp;

  const reasons: string[] = [];
  if (growth !== null && growing) reasons.push(`backlog grew ${fmt(window[0]!.rcp)} → ${fmt(window.at(-1)!.rcp)} rcpt over ${window.length} polls`);
  if (noConnections) reasons.push('no open connections');
  if (backoffQueues) reasons.push(`${backoffQueues} of ${queues.length} queue${queues.length === 1 ? '' : 's'} in backoff`);
  if (pausedQueues) reasons.push(`${pausedQueues} queue${pausedQueues === 1 ? '' : 's'} paused`);
  if (nextRetryAt !== null) reasons.push(`next retry in ${Math.max(1, Math.round((nextRetryAt - now) / 60_000))} min`);
  if (lastError) reasons.push(`last error${lastError.at !== null ? ` ${ago(now - lastError.at)}` : ''}: ${lastError.text}`);
  // "Not backing up" beside a growing backlog must say which of the rule's other conditions failed.
  if (!backingUp && growth !== null && growth > 0) {
    const missing: string[] = [];
    if (!growing) missing.push(`the backlog did not grow at every one of the last ${window.length} polls`);
    if (!stalled) missing.push('delivery is not stalled (connections open, no queue in backoff or paused)');
    if (rcp < t.minRcp) missing.push(`${fmt(rcp)} rcpt is under the ${fmt(t.minRcp)} rcpt threshold`);
    reasons.push(`not flagged although the backlog grew by ${fmt(growth)} rcpt: ${missing.join('; ')}`);
  }

  const severity = backingUpSeverity({ rcp, growth, backoffSince }, now);
  return {
    node,
    domain,
    backingUp,
    rcp,
    severity,
    growth,
    reasons,
    signals: { noConnections, backoffQueues, pausedQueues, backoffSince, nextRetryAt, lastError, recentError },
  };
}

/** Hours in backoff beyond which the weight stops rising. */
const BACKOFF_WEIGHT_CAP_HOURS = 4;
/** Weight of one recipient of growth over the evaluated polls, against one queued recipient. */
const GROWTH_WEIGHT = 10;

/**
 * The severity of a backing-up verdict, for ordering the list (highest first):
 *
 *   recipients at risk × (1 + hours in backoff, capped at 4) + 10 × growth over the evaluated polls
 *
 * Recipients at risk are the base. The longer they have waited in backoff, the closer they are to
 * expiring and the more the receiver's throttling has settled in, so each hour weighs them once
 * more (at most ×5). Growth says how fast it is getting worse: growth over a few polls is a small
 * number beside a backlog, hence its weight. A shrinking backlog adds nothing (never below rcpt).
 */
export function backingUpSeverity(v: { rcp: number; growth: number | null; backoffSince: number | null }, now: number): number {
  const hours = v.backoffSince === null ? 0 : Math.min(BACKOFF_WEIGHT_CAP_HOURS, Math.max(0, now - v.backoffSince) / 3_600_000);
  return Math.round(v.rcp * (1 + hours) + GROWTH_WEIGHT * Math.max(0, v.growth ?? 0));
}
