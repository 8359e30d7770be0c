// /queues, /queueDetail, /domains, /domainDetail, /vmtas, /jobs (docs/wire-format.md).

import { fmtMonitor } from '../core/time';
import type { SimModel } from '../model/model';
import type { SimQueue } from '../model/queue';
import { RequestError } from './errors';
import { parseQueueFilter, sortBy, titleFor, type SortKey } from './filters';
import { listsErrors, parseMaxItems, parseSort } from './filters';
import { Kb, type Tree } from './tree';

/** Events shown per queue in lists (S8 shows up to 5, newest first). */
const LIST_EVENTS = 5;

export function retryTime(m: SimModel, q: SimQueue): string {
  return fmtMonitor(m.local(Math.max(q.retryAt, m.now)));
}

export function queueItem(m: SimModel, q: SimQueue, withErrors = true): Tree {
  return {
    name: q.name,
    rcp: q.rcp,
    kb: new Kb(q.kb),
    conn: q.conn,
    event: !withErrors ? undefined : q.errors.newestFirst(LIST_EVENTS).map((e) => ({ type: 'error', time: fmtMonitor(m.local(e.time)), text: e.text })),
    paused: q.paused,
    mode: q.mode,
    retryTime: retryTime(m, q),
  };
}

export interface QueueSelection {
  title: string;
  shown: SimQueue[];
  totalRcp: number;
  totalQueuesWithRcp: number;
}

/** Filter, count and sort; the totals cover every match, not only the ones shown. */
export function selectQueues(m: SimModel, query: URLSearchParams): QueueSelection {
  let params = query;
  if (m.ignoredQueueFilters.length) {
    params = new URLSearchParams(query);
    for (const p of m.ignoredQueueFilters) for (const name of p === 'maxitems' ? ['maxitems', 'maxItems'] : [p]) params.delete(name);
  }
  const f = parseQueueFilter(params, m.strictParams);
  const matched = m.queues.filter(f.match);
  let totalRcp = 0;
  let withRcp = 0;
  for (const q of matched) {
    totalRcp += q.rcp;
    if (q.rcp > 0) withRcp++;
  }
  const shown = sortBy(matched, f.sort).slice(0, f.maxItems);
  return { title: titleFor('queues', f.maxItems, f.sort), shown, totalRcp, totalQueuesWithRcp: withRcp };
}

export function queuesTree(m: SimModel, params: URLSearchParams): Tree {
  const s = selectQueues(m, params);
  return {
    title: s.title,
    queue: s.shown.map((q) => queueItem(m, q, listsErrors(params, m.strictParams))),
    totalRcp: s.totalRcp,
    totalQueuesWithRcp: s.totalQueuesWithRcp,
  };
}

export function findQueue(m: SimModel, params: URLSearchParams): SimQueue {
  const name = params.get('queue');
  if (!name) throw new RequestError(400, 'missing parameter "queue" (domain/vmta)');
  if (!name.includes('/')) throw new RequestError(400, `invalid queue name "${name}": expected domain/vmta`);
  const q = m.queue(name);
  if (!q) throw new RequestError(404, `no such queue: ${name}`);
  return q;
}

export function queueDetailTree(m: SimModel, q: SimQueue): Tree {
  return {
    queue: {
      name: q.name,
      domain: q.domain.name,
      vmta: q.vmta.name,
      rcp: q.rcp,
      kb: new Kb(q.kb),
      conn: q.conn,
      paused: q.paused,
      mode: q.mode,
      retryTime: retryTime(m, q),
      backoffReason: q.backoffReason ?? '',
      errors: { error: q.errors.newestFirst().map((e) => ({ time: fmtMonitor(m.local(e.time)), text: e.text })) },
      modeEvents: { event: q.modeEvents.newestFirst().map((e) => ({ time: fmtMonitor(m.local(e.time)), mode: e.mode, text: e.text })) },
      // Only with track-recipient-events (guide §3.3.10.16, default false): the section is
      // absent otherwise, as PowerMTA's queue page omits it.
      recipientEvents: !m.trackRecipientEvents
        ? undefined
        : {
            event: q.recipientEvents.newestFirst().map((e) => ({
              type: e.type,
              time: fmtMonitor(m.local(e.time)),
              rcpt: e.rcpt,
              sourceIp: e.sourceIp,
              remoteMta: e.remoteMta,
              diag: e.diag,
            })),
          },
      disabledSources: { source: q.disabledSources.map((s) => ({ ip: s.ip, until: fmtMonitor(m.local(s.until)) })) },
    },
  };
}

interface DomainAgg {
  name: string;
  rcp: number;
  kb: number;
  conn: number;
  queues: SimQueue[];
  lastError: { time: number; text: string } | null;
}

function aggregateDomains(m: SimModel, vmta: string | null): Map<string, DomainAgg> {
  const out = new Map<string, DomainAgg>();
  for (const q of m.queues) {
    if (vmta && q.vmta.name.toLowerCase() !== vmta.toLowerCase()) continue;
    let d = out.get(q.domain.name);
    if (!d) out.set(q.domain.name, (d = { name: q.domain.name, rcp: 0, kb: 0, conn: 0, queues: [], lastError: null }));
    d.rcp += q.rcp;
    d.kb += q.kb;
    d.conn += q.conn;
    d.queues.push(q);
    const e = q.errors.first;
    if (e && (!d.lastError || e.time > d.lastError.time)) d.lastError = e;
  }
  return out;
}

function domainItem(m: SimModel, d: DomainAgg, withErrors: boolean): { [key: string]: Tree } {
  return {
    name: d.name,
    rcp: d.rcp,
    kb: new Kb(d.kb),
    conn: d.conn,
    queues: d.queues.length,
    lastError: withErrors && d.lastError ? { time: fmtMonitor(m.local(d.lastError.time)), text: d.lastError.text } : undefined,
  };
}

export function domainsTree(m: SimModel, params: URLSearchParams): Tree {
  const max = parseMaxItems(params, m.strictParams);
  const sort: SortKey = parseSort(params);
  const pattern = params.get('domain');
  const re = pattern
    ? new RegExp(
        `^${pattern
          .split('*')
          .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*')}$`,
        'i',
      )
    : null;
  const all = [...aggregateDomains(m, params.get('vmta')).values()].filter((d) => !re || re.test(d.name));
  return {
    title: titleFor('domains', max, sort),
    domain: sortBy(all, sort)
      .slice(0, max)
      .map((d) => domainItem(m, d, listsErrors(params, m.strictParams))),
    totalRcp: all.reduce((s, d) => s + d.rcp, 0),
  };
}

export function domainDetailTree(m: SimModel, params: URLSearchParams): Tree {
  const name = params.get('domain');
  if (!name) throw new RequestError(400, 'missing parameter "domain"');
  const d = aggregateDomains(m, null).get(name.toLowerCase());
  if (!d) throw new RequestError(404, `no such domain: ${name}`);
  return { domain: { ...domainItem(m, d, true), queue: sortBy(d.queues, 'rcpt').map((q) => queueItem(m, q)) } };
}

export function vmtasTree(m: SimModel): Tree {
  const agg = new Map<string, { name: string; domains: number; rcp: number; kb: number; conn: number }>();
  for (const q of m.queues) {
    if (q.rcp === 0) continue;
    let v = agg.get(q.vmta.name);
    if (!v) agg.set(q.vmta.name, (v = { name: q.vmta.name, domains: 0, rcp: 0, kb: 0, conn: 0 }));
    v.domains++;
    v.rcp += q.rcp;
    v.kb += q.kb;
    v.conn += q.conn;
  }
  const list = sortBy([...agg.values()], 'rcpt');
  return { vmta: list.map((v) => ({ name: v.name, domains: v.domains, rcp: v.rcp, kb: new Kb(v.kb), conn: v.conn })) };
}

export function jobsTree(m: SimModel): Tree {
  const agg = new Map<string, { rcp: number; kb: number }>(m.jobs.map((j) => [j.id, { rcp: 0, kb: 0 }]));
  for (const q of m.queues) {
    if (q.rcp === 0) continue;
    const perRcp = q.kb / q.rcp;
    for (const [id, n] of q.jobs) {
      const j = agg.get(id);
      if (j) {
        j.rcp += n;
        j.kb += n * perRcp;
      }
    }
  }
  return { job: [...agg.entries()].map(([id, j]) => ({ id, rcp: j.rcp, kb: new Kb(j.kb), paused: m.pausedJobs.has(id) })) };
}
