import 'server-only';
// Did the queues really change? Re-poll the node (a poll that started after the command was
// answered, so the snapshot cannot predate it) and check every queue matching the pattern.
//
// Retry now (`schedule`) cannot be verified this way: PowerMTA makes the queue try at once,
// and within milliseconds it either delivers (the backlog shrinks for many reasons) or fails
// and gets a new retry time — a poll a moment later cannot tell "retried" from "was not
// due anyway". Its verification is `sent`, with PowerMTA's own count ("N of M matching
// queues scheduled") in the node's reply text.
import type { FleetNode } from '@/lib/fleet/fleet';
import type { NodeSnapshot, PollOutcome } from '@/lib/fleet/node-poller';
import type { PollRecord } from '@/lib/fleet/health';
import type { QueueTable } from '@/lib/queue-store/queue-table';
import type { QueueAction, QueuePattern } from '@/lib/pmta/commands';
import type { Verification } from '@/lib/audit/types';
import { matchingRows } from './preview';

const WANTED: Record<Exclude<QueueAction, 'retry'>, { test: (t: QueueTable, i: number) => boolean; words: string }> = {
  pause: { test: (t, i) => t.isPaused(i), words: 'paused' },
  resume: { test: (t, i) => !t.isPaused(i), words: 'not paused' },
  'reset-backoff': { test: (t, i) => !t.isBackoff(i), words: 'in normal mode' },
};

/**
 * A node another replica polls (its lease is elsewhere; its snapshot is mirrored,
 * lib/cluster/mirror.ts) is not
 * re-polled from here — that would be a second poll of the node in the interval. Its owner's
 * next queue list, arriving through the mirror, is awaited instead: the owner polls every
 * interval and the mirror asks every interval, so it comes within about two.
 */
/** Whether the node's snapshot comes from another replica (mirrored, or its lease is elsewhere). */
const polledElsewhere = (n: FleetNode) => n.poller.origin !== null || n.poller.polledElsewhere;

async function mirroredAfter(n: FleetNode, sentAt: number): Promise<PollOutcome> {
  const deadline = Date.now() + 3 * n.poller.intervalMs + 5_000;
  const elsewhere = () => polledElsewhere(n);
  const fresh = () => listStartedAfter(n.poller.snapshot, n.poller.pollRecord, sentAt);
  while (elsewhere() && !fresh() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const snapshot = n.poller.snapshot;
  return { nodeId: n.config.id, at: snapshot.queuesAt ?? Date.now(), ok: fresh(), ms: 0, snapshot };
}

/**
 * Whether the snapshot's queue list comes from a poll that *started* at or after `sentAt`. A
 * list that merely arrived after it may come from a poll that was already under way when the
 * command was sent, and show the queues as they were before it (seen as a false "mismatch" in
 * the replica test). The start is known when the poll record's last completed poll — success
 * or failure, whichever is later — is the one that brought the list: it ended at `queuesAt`
 * and took `lastPollMs`. When it is not (a later poll failed as a whole), the list's start is
 * unknown and it does not count: the caller waits for the next.
 */
export function listStartedAfter(s: Pick<NodeSnapshot, 'queuesAt'>, r: PollRecord, sentAt: number): boolean {
  if (s.queuesAt === null || s.queuesAt < sentAt || r.lastPollMs === null) return false;
  const lastEnd = Math.max(r.lastSuccessAt ?? -Infinity, r.lastError?.at ?? -Infinity);
  return lastEnd === s.queuesAt && s.queuesAt - r.lastPollMs >= sentAt;
}

/** A poll that began after `sentAt`: join one in flight only if it started late enough. */
export async function freshPoll(n: FleetNode, sentAt: number): Promise<PollOutcome> {
  if (polledElsewhere(n)) return mirroredAfter(n, sentAt);
  let o = await n.poller.pollNow();
  if (o.at - o.ms < sentAt) o = await n.poller.pollNow();
  return o;
}

function checkTable(action: QueueAction, t: QueueTable, p: QueuePattern): Verification {
  const rows = matchingRows(t, p);
  if (action === 'retry') {
    return {
      status: 'sent',
      detail: `retry requested for ${rows.length} matching queue(s); a poll cannot confirm a retry (see PowerMTA's reply)`,
      matched: rows.length,
      inState: rows.length,
      offenders: [],
    };
  }
  const want = WANTED[action];
  const off = rows.filter((i) => !want.test(t, i));
  const inState = rows.length - off.length;
  if (!rows.length) return { status: 'verified', detail: 'no queue matches on this node: nothing to change', matched: 0, inState: 0, offenders: [] };
  if (!off.length) return { status: 'verified', detail: `all ${rows.length} matching queue(s) ${want.words}`, matched: rows.length, inState, offenders: [] };
  const hint = action === 'reset-backoff' ? ' (the provider may still be refusing: the next attempt puts a queue back in backoff)' : '';
  return {
    status: 'mismatch',
    detail: `${off.length} of ${rows.length} matching queue(s) not ${want.words}${hint}`,
    matched: rows.length,
    inState,
    offenders: off.slice(0, 20).map((i) => t.names[i]!),
  };
}

export async function verifyNode(n: FleetNode, action: QueueAction, p: QueuePattern, sentAt: number): Promise<Verification> {
  const mirrored = polledElsewhere(n);
  const o = await freshPoll(n, sentAt);
  const t = o.snapshot.queues;
  // A local poll joined or started by freshPoll began after `sentAt`; a mirrored list must say so itself.
  const fresh = mirrored ? o.ok : o.snapshot.queuesAt !== null && o.snapshot.queuesAt >= sentAt;
  if (!t || !fresh) {
    const why = n.poller.health().message ?? 'no fresh queue list';
    return { status: 'poll-failed', detail: `re-poll failed, state not checked: ${why}`, matched: 0, inState: 0, offenders: [] };
  }
  return checkTable(action, t, p);
}
