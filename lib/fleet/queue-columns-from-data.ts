// A /queues reply's `data` straight into QueueColumns, in one pass: the same leaf coercion,
// in the same order and with the same error paths as normaliseQueueList + toColumns, but
// without building 100k intermediate `Queue` objects that are dropped right after (about a
// third of the worker's time on a 100k-queue reply). Proven equal to that pair by
// queue-columns-from-data.test.ts. Pure module: the parse worker loads it.
import { bool, list, mode, num, obj, reqStr, str, type Obj } from '@/lib/pmta/coerce';
import { normaliseEvent } from '@/lib/pmta/normalise-queues';
import { splitQueueName } from '@/lib/pmta/queue-name';
import type { QueueEvent } from '@/lib/pmta/types';
import { FLAG_BACKOFF, FLAG_HAS_ERRORS, FLAG_MODE_KNOWN, FLAG_PAUSED, FLAG_PAUSED_KNOWN, type QueueColumns } from './queue-columns';

function idOf(ids: Map<string, number>, key: string): number {
  let id = ids.get(key);
  if (id === undefined) {
    id = ids.size;
    ids.set(key, id);
  }
  return id;
}

export function columnsFromQueueData(data: Obj): QueueColumns {
  const items = list(data.queue, '', 'queue');
  const n = items.length;
  const rcp = new Float64Array(n);
  const kb = new Float64Array(n);
  const conn = new Float64Array(n);
  const flags = new Uint8Array(n);
  const domainOf = new Uint32Array(n);
  const vmtaOf = new Uint32Array(n);
  const names: string[] = new Array(n);
  const retry: string[] = new Array(n);
  const domains = new Map<string, number>();
  const vmtas = new Map<string, number>();
  const events: QueueColumns['events'] = [];
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
    let f = 0;
    if (paused !== null) f |= FLAG_PAUSED_KNOWN | (paused ? FLAG_PAUSED : 0);
    if (m !== null) f |= FLAG_MODE_KNOWN | (m === 'backoff' ? FLAG_BACKOFF : 0);
    if (rawEvents.length) {
      const evs: QueueEvent[] = new Array(rawEvents.length);
      for (let j = 0; j < rawEvents.length; j++) evs[j] = normaliseEvent(rawEvents[j], at, `event[${j}]`);
      if (evs.some((e) => e.type === null || e.type === 'error')) f |= FLAG_HAS_ERRORS;
      events.push({ row: i, events: evs });
    }
    names[i] = name;
    retry[i] = retryTime ?? '';
    rcp[i] = r ?? NaN;
    kb[i] = k ?? NaN;
    conn[i] = c ?? NaN;
    flags[i] = f;
    domainOf[i] = idOf(domains, d ?? split!.domain);
    vmtaOf[i] = idOf(vmtas, v ?? split!.vmta);
  }
  const totalRcp = num(data.totalRcp, '', 'totalRcp');
  const totalQueuesWithRcp = num(data.totalQueuesWithRcp, '', 'totalQueuesWithRcp');
  return {
    count: n,
    names: names.join('\n'),
    retryTimes: retry.join('\n'),
    rcp,
    kb,
    conn,
    flags,
    domainOf,
    domains: [...domains.keys()].join('\n'),
    vmtaOf,
    vmtas: [...vmtas.keys()].join('\n'),
    events,
    totalRcp,
    totalQueuesWithRcp,
    truncated: totalQueuesWithRcp !== null && n < totalQueuesWithRcp,
  };
}
