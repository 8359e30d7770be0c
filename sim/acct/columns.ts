// Accounting columns. PowerMTA writes one header per file; a file holding several record
// types has the union of their columns (unused ones empty). The union order is fixed:
// PowerMTA's default d/b order first, then the extra columns of tq, rb and f as they appear.

export const RECORD_TYPES = ['d', 'b', 't', 'tq', 'f', 'rb'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/** Default d/b/t order (powermta-api.md §8). */
export const DELIVERY_COLUMNS = [
  'type',
  'timeLogged',
  'timeQueued',
  'orig',
  'rcpt',
  'orcpt',
  'dsnAction',
  'dsnStatus',
  'dsnDiag',
  'dsnMta',
  'bounceCat',
  'srcType',
  'srcMta',
  'dlvType',
  'dlvSourceIp',
  'dlvDestinationIp',
  'dlvEsmtpAvailable',
  'dlvSize',
  'vmta',
  'jobId',
  'envId',
  'queue',
  'vmtaPool',
] as const;

export const COLUMNS = [
  ...DELIVERY_COLUMNS,
  'userString', // tq
  'dsnReportingMta',
  'format', // rb (format is shared with f)
  'repSourceIp',
  'feedbackType',
  'userAgent',
  'reportingMta',
  'reportedDomain', // f
] as const;
export type Column = (typeof COLUMNS)[number];

export type AcctRecord = { type: RecordType } & Partial<Record<Exclude<Column, 'type'>, string | number>>;

/** Which columns each type fills, for documentation and tests. */
export const TYPE_COLUMNS: Record<RecordType, readonly Column[]> = {
  d: DELIVERY_COLUMNS,
  b: DELIVERY_COLUMNS,
  t: DELIVERY_COLUMNS,
  tq: ['type', 'timeLogged', 'queue', 'vmta', 'dsnStatus', 'dsnDiag', 'dsnMta', 'dlvType', 'dlvSourceIp', 'dlvDestinationIp', 'userString'],
  rb: ['type', 'timeLogged', 'orig', 'rcpt', 'orcpt', 'dsnStatus', 'dsnDiag', 'dsnMta', 'dsnReportingMta', 'bounceCat', 'srcType', 'srcMta', 'envId', 'format'],
  f: ['type', 'timeLogged', 'repSourceIp', 'feedbackType', 'format', 'userAgent', 'envId', 'orig', 'rcpt', 'reportingMta', 'dlvSourceIp', 'reportedDomain'],
};
