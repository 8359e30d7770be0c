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
import type { PollOutcome } from '@/lib/fleet/node-poller';
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
async function mirroredAfter(n: FleetNode, sentAt: number): Promise<PollOutcome> {
  const deadline = Date.now() + 3 * n.poller.intervalMs + 5_000;
  const elsewhere = () => n.poller.origin !== null || n.poller.polledElsewhere;
  while (elsewhere() && (n.poller.snapshot.queuesAt ?? 0) < sentAt && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const snapshot = n.poller.snapshot;
  return { nodeId: n.config.id, at: snapshot.queuesAt ?? Date.now(), ok: (snapshot.queuesAt ?? 0) >= sentAt, ms: 0, snapshot };
}

/** A poll that began after `sentAt`: join one in flight only if it started late enough. */
export async function freshPoll(n: FleetNode, sentAt: number): Promise<PollOutcome> {
  if (n.poller.origin || n.poller.polledElsewhere) return mirroredAfter(n, sentAt);
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
  const o = await freshPoll(n, sentAt);
  const t = o.snapshot.queues;
  const fresh = o.snapshot.queuesAt !== null && o.snapshot.queuesAt >= sentAt;
  if (!t || !fresh) {
    const why = n.poller.health().message ?? 'no fresh queue list';
    return { status: 'poll-failed', detail: `re-poll failed, state not checked: ${why}`, matched: 0, inState: 0, offenders: [] };
  }
  return checkTable(action, t, p);
}
