// PowerMTA's default column order per record type (powermta-api.md §8). Only used for files
// written without a header line, and only when the caller opts in: with a header present,
// columns are always mapped by name, because `record-fields` can reorder or drop any of them.

import type { AcctType } from './records';

const DELIVERY = [
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
];

export const DEFAULT_COLUMNS: Readonly<Record<AcctType, readonly string[]>> = {
  d: DELIVERY,
  b: DELIVERY,
  t: DELIVERY,
  tq: ['type', 'timeLogged', 'queue', 'vmta', 'dsnStatus', 'dsnDiag', 'dsnMta', 'dlvType', 'dlvSourceIp', 'dlvDestinationIp', 'userString'],
  r: ['type', 'timeLogged', 'orig', 'rcpt', 'orcpt', 'srcType', 'srcMta', 'rcvSourceIp', 'rcvDestinationIp', 'vmta', 'vmtaPool', 'jobId', 'envId'],
  rb: ['type', 'timeLogged', 'orig', 'rcpt', 'orcpt', 'dsnStatus', 'dsnDiag', 'dsnMta', 'dsnReportingMta', 'bounceCat', 'srcType', 'srcMta', 'envId', 'format'],
  rs: ['type', 'timeLogged', 'orig', 'rcpt', 'orcpt', 'dsnAction', 'dsnStatus', 'dsnDiag', 'dsnMta', 'bounceCat', 'srcType', 'srcMta', 'envId', 'format'],
  f: ['type', 'timeLogged', 'repSourceIp', 'feedbackType', 'format', 'userAgent', 'envId', 'orig', 'rcpt', 'reportingMta', 'dlvSourceIp', 'reportedDomain'],
};
