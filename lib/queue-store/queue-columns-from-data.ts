// A /queues reply's `data` straight into QueueColumns, in one pass: the same leaf coercion,
// in the same order and with the same error paths as normaliseQueueList + toColumns, but
// without building 100k intermediate `Queue` objects that are dropped right after (about a
// third of the worker's time on a 100k-queue reply). Proven equal to that pair by
// queue-columns-from-data.test.ts. Pure module: the parse worker loads it.
import { bool, list, mode, num, obj, reqStr, str, type Obj } from '@/lib/pmta/coerce';
import { normaliseEvent } from '@/lib/pmta/normalise-queues';
import { splitQueueName } from '@/lib/pmta/queue-name';
import type { QueueEvent } from '@/lib/pmta/types';
import { ColumnsBuilder, queueFlags, type QueueColumns } from './queue-columns';

export function columnsFromQueueData(data: Obj): QueueColumns {
  const items = list(data.queue, '', 'queue');
  const n = items.length;
  const b = new ColumnsBuilder(n);
  for (let i = 0; i < n; i++) {
    // Mirrors normaliseQueue field by field (same order, so the same first error wins).
    const at = `queue[${i}]`;
    const q = obj(items[i], '', at);
    const name = reqStr(q.name, at, 'name');
    const d = str(q.domain, at, 'domain');
    const v = str(q.vmta, at, 'vmta');
    const split = d === null || v === null ? splitQueueName(name) : null;
    const r = num(q.rcp, at, 'rcp');
    const k = num(q.kb, at, 'kb');
    const c = num(q.conn, at, 'conn');
    const paused = bool(q.paused, at, 'paused');
    const m = mode(q.mode);
    const retryTime = str(q.retryTime, at, 'retryTime');
    const rawEvents = list(q.event, at, 'event');
    const evs: QueueEvent[] = new Array(rawEvents.length);
    for (let j = 0; j < rawEvents.length; j++) evs[j] = normaliseEvent(rawEvents[j], at, `event[${j}]`);
    b.set(i, name, d ?? split!.domain, v ?? split!.vmta, r, k, c, queueFlags(paused, m, evs), retryTime, evs);
  }
  const totalRcp = num(data.totalRcp, '', 'totalRcp');
  const totalQueuesWithRcp = num(data.totalQueuesWithRcp, '', 'totalQueuesWithRcp');
  return b.finish(totalRcp, totalQueuesWithRcp, totalQueuesWithRcp !== null && n < totalQueuesWithRcp);
}
