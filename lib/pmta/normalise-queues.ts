// /queues and /queueDetail (XML or JSON) → Queue / QueueList / QueueDetail.
// Element names follow docs/wire-format.md; the detail sections are undocumented upstream
// [L], so each is optional and both the wrapped (`<errors><error/>`) and the /queues form
// (`<event><type>error</type>`) are accepted.
//
// Pure module (no `server-only`): loaded by the parse worker, runs once per queue on
// 100k-queue replies, hence plain loops and one path string per queue.
import { PmtaParseError } from './errors';
import { bool, list, mode, num, obj, reqStr, str, wrappedList, type Obj } from './coerce';
import { splitQueueName } from './queue-name';
import type { ModeEvent, Queue, QueueDetail, QueueEvent, QueueList, RecipientEvent } from './types';

export function normaliseEvent(raw: unknown, at: string, key: string): QueueEvent {
  const e = obj(raw, at, key);
  const p = `${at}.${key}`;
  return { type: str(e.type, p, 'type'), time: str(e.time, p, 'time'), text: str(e.text, p, 'text') ?? '' };
}

function events(items: unknown[], at: string, key: string): QueueEvent[] {
  const out: QueueEvent[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) out[i] = normaliseEvent(items[i], at, `${key}[${i}]`);
  return out;
}

export function normaliseQueue(raw: unknown, at: string): Queue {
  const q = obj(raw, '', at);
  const name = reqStr(q.name, at, 'name');
  const split = splitQueueName(name);
  return {
    name,
    // /queueDetail sends domain and vmta as leaves; /queues only has the name.
    domain: str(q.domain, at, 'domain') ?? split.domain,
    vmta: str(q.vmta, at, 'vmta') ?? split.vmta,
    rcp: num(q.rcp, at, 'rcp'),
    kb: num(q.kb, at, 'kb'),
    conn: num(q.conn, at, 'conn'),
    paused: bool(q.paused, at, 'paused'),
    mode: mode(q.mode),
    retryTime: str(q.retryTime, at, 'retryTime'),
    events: events(list(q.event, at, 'event'), at, 'event'),
  };
}

/** `queue[i]` elements under `parent` (a /queues reply's data, or a /domainDetail domain). */
function normaliseQueueArray(parent: Obj, at: string): Queue[] {
  const prefix = at ? `${at}.queue` : 'queue';
  const items = list(parent.queue, at, 'queue');
  const out: Queue[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) out[i] = normaliseQueue(items[i], `${prefix}[${i}]`);
  return out;
}

export function normaliseQueueList(data: Obj): QueueList {
  const queues = normaliseQueueArray(data, '');
  const totalRcp = num(data.totalRcp, '', 'totalRcp');
  const totalQueuesWithRcp = num(data.totalQueuesWithRcp, '', 'totalQueuesWithRcp');
  return { queues, totalRcp, totalQueuesWithRcp, truncated: totalQueuesWithRcp !== null && queues.length < totalQueuesWithRcp };
}

function modeEvent(raw: unknown, at: string): ModeEvent {
  const e = obj(raw, '', at);
  return { time: str(e.time, at, 'time'), mode: str(e.mode, at, 'mode'), text: str(e.text, at, 'text') };
}

function recipientEvent(raw: unknown, at: string): RecipientEvent {
  const e = obj(raw, '', at);
  return {
    type: str(e.type, at, 'type'),
    time: str(e.time, at, 'time'),
    rcpt: str(e.rcpt, at, 'rcpt'),
    sourceIp: str(e.sourceIp, at, 'sourceIp'),
    remoteMta: str(e.remoteMta, at, 'remoteMta'),
    diag: str(e.diag, at, 'diag'),
  };
}

export function normaliseQueueDetail(data: Obj): QueueDetail {
  const items = list(data.queue, '', 'queue');
  if (items.length === 0) throw new PmtaParseError('missing', 'queue');
  const at = 'queue';
  const q = obj(items[0], '', at);
  const base = normaliseQueue(q, at);

  const wrappedErrors = wrappedList(q, 'errors', 'error', at);
  // No <errors> section: take the /queues form, error-typed events (an event without a type
  // is counted as an error, as every event PowerMTA lists in /queues is one, per S8).
  // Wrapped <error> elements carry no <type>; they are errors by definition, so say so.
  const errors = wrappedErrors
    ? events(wrappedErrors, at, 'errors.error').map((e) => (e.type === null ? { ...e, type: 'error' } : e))
    : base.events.filter((e) => e.type === null || e.type === 'error');
  // And the other way round: a detail without <event> elements still gets `events` from
  // its errors, so a UI reading `events[0]` as "last error" works on both forms.
  const evs = base.events.length > 0 || q.event !== undefined ? base.events : errors;

  const modeItems = wrappedList(q, 'modeEvents', 'event', at) ?? [];
  const rcptItems = wrappedList(q, 'recipientEvents', 'event', at) ?? [];
  const srcItems = wrappedList(q, 'disabledSources', 'source', at) ?? [];
  return {
    ...base,
    events: evs,
    backoffReason: str(q.backoffReason, at, 'backoffReason'),
    errors,
    modeEvents: modeItems.map((e, i) => modeEvent(e, `${at}.modeEvents.event[${i}]`)),
    recipientEvents: rcptItems.map((e, i) => recipientEvent(e, `${at}.recipientEvents.event[${i}]`)),
    recipientEventsTracked: q.recipientEvents !== undefined && q.recipientEvents !== null,
    disabledSources: srcItems.map((s, i) => {
      const p = `${at}.disabledSources.source[${i}]`;
      const o = obj(s, '', p);
      return { ip: reqStr(o.ip, p, 'ip'), until: str(o.until, p, 'until') };
    }),
  };
}
