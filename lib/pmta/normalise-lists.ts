// /domains, /domainDetail, /vmtas, /jobs, /logs and /command replies → the model.
// Only name/rcp/kb/conn are well attested upstream [H/M]; the rest follows
// docs/wire-format.md and is optional.
//
// Pure module (no `server-only`): loaded by the parse worker.
import { PmtaParseError } from './errors';
import { list, num, obj, reqStr, str, type Obj } from './coerce';
import { normaliseEvent, normaliseQueueArray } from './normalise-queues';
import type { CommandReply, DomainDetail, DomainSummary, JobSummary, LogFile, VmtaSummary } from './types';

function rows<T>(data: Obj, key: string, one: (o: Obj, at: string) => T): T[] {
  const items = list(data[key], '', key);
  const out: T[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const at = `${key}[${i}]`;
    out[i] = one(obj(items[i], '', at), at);
  }
  return out;
}

function domain(d: Obj, at: string): DomainSummary {
  const le = d.lastError;
  const hasLastError = le !== undefined && le !== null && le !== '' && Object.keys(obj(le, at, 'lastError')).length > 0;
  return {
    name: reqStr(d.name, at, 'name'),
    rcp: num(d.rcp, at, 'rcp'),
    kb: num(d.kb, at, 'kb'),
    conn: num(d.conn, at, 'conn'),
    queues: num(d.queues, at, 'queues'),
    // `lastError` has no <type>; it is an error by definition.
    lastError: hasLastError ? { ...normaliseEvent(le, at, 'lastError'), type: 'error' } : null,
  };
}

export function normaliseDomains(data: Obj): DomainSummary[] {
  return rows(data, 'domain', domain);
}

export function normaliseDomainDetail(data: Obj): DomainDetail {
  const items = list(data.domain, '', 'domain');
  if (items.length === 0) throw new PmtaParseError('missing', 'domain');
  const d = obj(items[0], '', 'domain');
  // Queues may sit inside <domain> (wire-format.md) or beside it under <data>; accept both.
  const queueList = d.queue !== undefined ? normaliseQueueArray(d, 'domain') : normaliseQueueArray(data, '');
  return { ...domain(d, 'domain'), queueList };
}

export function normaliseVmtas(data: Obj): VmtaSummary[] {
  return rows(data, 'vmta', (v, at) => ({
    name: reqStr(v.name, at, 'name'),
    domains: num(v.domains, at, 'domains'),
    rcp: num(v.rcp, at, 'rcp'),
    kb: num(v.kb, at, 'kb'),
    conn: num(v.conn, at, 'conn'),
  }));
}

export function normaliseJobs(data: Obj): JobSummary[] {
  return rows(data, 'job', (j, at) => ({ id: reqStr(j.id, at, 'id'), rcp: num(j.rcp, at, 'rcp'), kb: num(j.kb, at, 'kb') }));
}

export function normaliseLogs(data: Obj): LogFile[] {
  return rows(data, 'file', (f, at) => ({
    name: reqStr(f.name, at, 'name'),
    type: str(f.type, at, 'type'),
    size: num(f.size, at, 'size'),
    time: str(f.time, at, 'time'),
  }));
}

/**
 * A successful command reply. PowerMTA's words come from the JSON `message`
 * (`format=json`), a string `data` (`format=json-text`) or XML `<data><text>`.
 */
export function normaliseCommandReply(data: unknown, message: string): CommandReply {
  if (message) return { ok: true, text: message };
  if (typeof data === 'string') return { ok: true, text: data };
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    const text = str((data as Obj).text, 'data', 'text');
    if (text !== null) return { ok: true, text };
  }
  return { ok: true, text: '' };
}
