// The backoff board's "since": the oldest listed error with the queue's signature, in console
// time through the node's clock, and never after the list that named it arrived.
import { describe, expect, it } from 'vitest';
import type { Queue } from '@/lib/pmta/types';
import type { Fleet } from '@/lib/fleet/fleet';
import { toColumns } from '@/lib/queue-store/queue-columns';
import { QueueTable } from '@/lib/queue-store/queue-table';
import { backoffBoard } from './backoff-board';

const H = 3_600_000;
const listedAt = Date.UTC(2026, 11, 3, 11, 50, 0);
// The node runs 9 h ahead of UTC: it prints 20:50:00 for 11:50:00 UTC.
const clock = { offsetMs: 9 * H };

function fleetListing(times: string[]): Fleet {
  const queue: Queue = {
    name: 'gmail.com/vmta-1',
    domain: 'gmail.com',
    vmta: 'vmta-1',
    rcp: 400,
    kb: 1,
    conn: 0,
    paused: false,
    mode: 'backoff',
    retryTime: null,
    events: times.map((time) => ({ type: 'error', time, text: '421 4.7.28 unusual rate of mail' })),
  };
  const queues = new QueueTable(toColumns({ queues: [queue], totalRcp: null, totalQueuesWithRcp: null, truncated: false }));
  return { nodes: [{ config: { id: 'pmta1' }, poller: { snapshot: { queues, queuesAt: listedAt, clock } } }] } as unknown as Fleet;
}

describe('backoffBoard since', () => {
  it('is the oldest listed error, converted through the node clock', () => {
    const [g] = backoffBoard(fleetListing(['2026-12-03 20:49:30', '2026-12-03 20:40:00']));
    expect(g!.since).toBe(listedAt - 10 * 60_000);
    expect(g!.queues[0]!.since).toBe(listedAt - 10 * 60_000);
  });

  it('is capped at the arrival of the list when the drifting clock puts every error after it', () => {
    const [g] = backoffBoard(fleetListing(['2026-12-03 20:51:30']));
    expect(g!.since).toBe(listedAt);
  });
});
