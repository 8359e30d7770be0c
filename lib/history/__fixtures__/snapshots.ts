// Synthetic snapshots for history tests: a NodeStatus with chosen counters and a QueueTable
// built from plain queue descriptions (the same columnar form the poller produces).
import type { NodeSnapshot } from '@/lib/fleet/node-poller';
import { toColumns } from '@/lib/queue-store/queue-columns';
import { QueueTable } from '@/lib/queue-store/queue-table';
import type { NodeStatus, Queue, TrafficPeriod } from '@/lib/pmta/types';

const period = (out: number, inn: number): TrafficPeriod => ({
  in: { rcp: inn, msg: inn, kb: inn * 2 },
  out: { rcp: out, msg: out, kb: out * 2 },
  bounceProcessed: 0,
  feedbackLoopProcessed: 0,
});

export function fakeStatus(out: number, inn = 0, queuedRcp = 0): NodeStatus {
  const p = period(out, inn);
  return {
    product: { name: 'PowerMTA', version: '5.0r1', buildDate: null },
    hostName: 'test',
    timeNow: null,
    startupTime: null,
    shuttingDown: false,
    state: 'running',
    traffic: { total: p, lastHr: p, lastMin: p, topPerHr: p, topPerMin: p },
    conn: { smtpIn: { cur: 1, max: 10, top: 1 }, smtpOut: { cur: 2, max: 20, top: 2 } },
    resolver: { namesCached: null, queriesPending: null, queriesActive: null },
    queue: { smtp: { rcp: queuedRcp, dom: 1, kb: queuedRcp } },
    spool: { initPct: 100, totalRcp: queuedRcp, maxRcp: 1000, filesInUse: null, filesTotal: null },
  };
}

export interface Q {
  domain: string;
  vmta?: string;
  rcp: number;
  backoff?: boolean;
  paused?: boolean;
  error?: { time: string; text: string };
}

export function fakeTable(queues: Q[]): QueueTable {
  const list: Queue[] = queues.map((q) => {
    const vmta = q.vmta ?? 'vmta-1';
    return {
      name: `${q.domain}/${vmta}`,
      domain: q.domain,
      vmta,
      rcp: q.rcp,
      kb: q.rcp * 3,
      conn: q.backoff ? 0 : 1,
      paused: q.paused ?? false,
      mode: q.backoff ? 'backoff' : 'normal',
      retryTime: null,
      events: q.error ? [{ type: 'error', time: q.error.time, text: q.error.text }] : [],
    };
  });
  return new QueueTable(toColumns({ queues: list, totalRcp: null, totalQueuesWithRcp: null, truncated: false }));
}

export function snapshot(nodeId: string, at: number, status: NodeStatus | null, queues: QueueTable | null, version = 1): NodeSnapshot {
  return { nodeId, status, statusAt: status ? at : null, queues, queuesAt: queues ? at : null, clock: null, version };
}
