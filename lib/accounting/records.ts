// Typed model of one accounting row (powermta-api.md §8). Each row keeps every raw column in
// `fields` (keyed by canonical column name) and a handful of normalised fields the console
// aggregates on. An empty CSV cell becomes `null` here: PowerMTA leaves columns of a union
// header empty when they do not apply to the row's type.

import { ownValue } from '@/lib/null-proto';
import { parseAcctTime } from './time';

export type AcctType = 'd' | 'b' | 't' | 'tq' | 'f' | 'rb' | 'rs' | 'r';

// The `records` directive also takes long names (S1 §11.2.1). Files carry the short code, but a
// pipe or a third-party writer might not, so both are accepted.
const TYPE_NAMES: Record<string, AcctType> = {
  d: 'd',
  delivery: 'd',
  delivered: 'd',
  b: 'b',
  bounce: 'b',
  bounced: 'b',
  t: 't',
  transient: 't',
  tq: 'tq',
  'transient-queue': 'tq',
  transientqueue: 'tq',
  f: 'f',
  'feedback-loop': 'f',
  feedbackloop: 'f',
  fbl: 'f',
  rb: 'rb',
  'remote-bounce': 'rb',
  remotebounce: 'rb',
  rs: 'rs',
  'remote-status': 'rs',
  remotestatus: 'rs',
  r: 'r',
  receipt: 'r',
  received: 'r',
};

export function normaliseAcctType(raw: string): AcctType | null {
  // Own keys only: a type cell `constructor` must not find Object's constructor.
  return ownValue(TYPE_NAMES, raw.trim().toLowerCase()) ?? null;
}

// Every column name PowerMTA documents, in its canonical spelling. Header names are matched
// case-insensitively against these (`envid` → `envId`, `reportingMTA` → `reportingMta`).
const KNOWN_COLUMNS = [
  'type',
  'timeLogged',
  'timeQueued',
  'timeImprinted',
  'orig',
  'rcpt',
  'orcpt',
  'dsnAction',
  'dsnStatus',
  'dsnDiag',
  'dsnMta',
  'dsnReportingMta',
  'bounceCat',
  'srcType',
  'srcMta',
  'dlvType',
  'dlvSourceIp',
  'dlvDestinationIp',
  'dlvEsmtpAvailable',
  'dlvSize',
  'dlvTlsProtocol',
  'dlvTlsCipher',
  'vmta',
  'jobId',
  'envId',
  'queue',
  'vmtaPool',
  'totalSecondsQueued',
  'userString',
  'rcvSmtpUser',
  'rcvSourceIp',
  'rcvDestinationIp',
  'repSourceIp',
  'feedbackType',
  'format',
  'userAgent',
  'reportingMta',
  'reportedDomain',
] as const;

const CANONICAL = new Map<string, string>(KNOWN_COLUMNS.map((c) => [c.toLowerCase(), c]));

/**
 * Canonical spelling of a header column. `header_*` / `arf_*` keep the configured suffix as
 * written (message-header names are case-insensitive but users key on what they configured),
 * with the prefix lower-cased.
 */
export function canonicalColumn(raw: string): string {
  const name = raw.trim();
  const lower = name.toLowerCase();
  const known = CANONICAL.get(lower);
  if (known) return known;
  if (lower.startsWith('header_')) return `header_${name.slice(7)}`;
  if (lower.startsWith('arf_')) return `arf_${name.slice(4)}`;
  return name;
}

interface AcctRecordBase {
  /** Epoch ms of `timeLogged`. */
  timeLogged: number;
  /** `timeLogged` had no zone offset and was read as UTC. */
  timeUtcAssumed: boolean;
  timeQueued: number | null;
  vmta: string | null;
  /** `domain/vmta` as PowerMTA names the queue. */
  queue: string | null;
  /** Lower-cased destination domain: from `queue`, else from `rcpt`. */
  domain: string | null;
  jobId: string | null;
  envId: string | null;
  bounceCat: string | null;
  dsnAction: string | null;
  dsnStatus: string | null;
  dsnDiag: string | null;
  dsnMta: string | null;
  rcpt: string | null;
  orig: string | null;
  dlvSourceIp: string | null;
  feedbackType: string | null;
  reportedDomain: string | null;
  /** `f`: arf|jmrp|…; `rb`/`rs`: dsn|qmail|…; pattern-file names pass through. */
  format: string | null;
  /** Every column of the row, keyed by canonical column name, empty cells included. */
  fields: Record<string, string>;
}

export interface DeliveredRecord extends AcctRecordBase {
  type: 'd';
}
export interface BounceRecord extends AcctRecordBase {
  type: 'b';
}
export interface TransientRecord extends AcctRecordBase {
  type: 't';
}
export interface TransientQueueRecord extends AcctRecordBase {
  type: 'tq';
}
export interface FeedbackRecord extends AcctRecordBase {
  type: 'f';
}
export interface RemoteBounceRecord extends AcctRecordBase {
  type: 'rb';
}
export interface RemoteStatusRecord extends AcctRecordBase {
  type: 'rs';
}
export interface ReceivedRecord extends AcctRecordBase {
  type: 'r';
}

export type AcctRecord =
  DeliveredRecord | BounceRecord | TransientRecord | TransientQueueRecord | FeedbackRecord | RemoteBounceRecord | RemoteStatusRecord | ReceivedRecord;

export type BuildResult = { ok: true; record: AcctRecord } | { ok: false; reason: 'bad-time' };

/** The columns `buildRecord` reads (a lean parser copies only these out of a row). */
export const RECORD_COLUMNS = [
  'timeLogged',
  'timeQueued',
  'vmta',
  'queue',
  'rcpt',
  'jobId',
  'envId',
  'bounceCat',
  'dsnAction',
  'dsnStatus',
  'dsnDiag',
  'dsnMta',
  'orig',
  'dlvSourceIp',
  'feedbackType',
  'reportedDomain',
  'format',
] as const;

/** `fields` of records parsed without their raw columns (`createAcctParser({ fields: false })`). */
export const NO_FIELDS: Record<string, string> = Object.freeze(Object.create(null) as Record<string, string>);

/**
 * Builds the typed record from a row's canonical-keyed fields; `all` becomes its `fields`
 * (the same object, or NO_FIELDS when nobody reads the raw columns).
 */
export function buildRecord(type: AcctType, fields: Record<string, string>, all: Record<string, string> = fields): BuildResult {
  const t = parseAcctTime(fields.timeLogged);
  if (!t) return { ok: false, reason: 'bad-time' };
  const queue = val(fields.queue);
  const rcpt = val(fields.rcpt);
  const record: AcctRecord = {
    type,
    timeLogged: t.ms,
    timeUtcAssumed: t.utcAssumed,
    timeQueued: parseAcctTime(fields.timeQueued)?.ms ?? null,
    vmta: val(fields.vmta) ?? vmtaFromQueue(queue),
    queue,
    domain: domainFromQueue(queue) ?? domainFromAddress(rcpt),
    jobId: val(fields.jobId),
    envId: val(fields.envId),
    bounceCat: lower(fields.bounceCat),
    dsnAction: lower(fields.dsnAction),
    dsnStatus: val(fields.dsnStatus),
    dsnDiag: val(fields.dsnDiag),
    dsnMta: val(fields.dsnMta),
    rcpt,
    orig: val(fields.orig),
    dlvSourceIp: val(fields.dlvSourceIp),
    feedbackType: lower(fields.feedbackType),
    reportedDomain: lower(fields.reportedDomain),
    format: lower(fields.format),
    fields: all,
  };
  return { ok: true, record };
}

function val(s: string | undefined): string | null {
  if (s === undefined) return null;
  const t = s.trim();
  return t === '' ? null : t;
}

function lower(s: string | undefined): string | null {
  return val(s)?.toLowerCase() ?? null;
}

/** `gmail.com/vmta1` → `gmail.com`. A queue without `/` is a bare domain (or rollup) name. */
export function domainFromQueue(queue: string | null): string | null {
  if (!queue) return null;
  const slash = queue.indexOf('/');
  const d = (slash < 0 ? queue : queue.slice(0, slash)).trim().toLowerCase();
  return d === '' ? null : d;
}

function vmtaFromQueue(queue: string | null): string | null {
  if (!queue) return null;
  const slash = queue.indexOf('/');
  if (slash < 0) return null;
  const v = queue.slice(slash + 1).trim();
  return v === '' ? null : v;
}

/** `"Jane" <Jane@Example.COM>` → `example.com`. */
export function domainFromAddress(addr: string | null): string | null {
  if (!addr) return null;
  const at = addr.lastIndexOf('@');
  if (at < 0) return null;
  const d = addr
    .slice(at + 1)
    .replace(/[>\s].*$/, '')
    .toLowerCase();
  return d === '' ? null : d;
}
