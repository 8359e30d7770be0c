// Builders for accounting rows in PowerMTA's field vocabulary.

import type { AcctRecord } from '../acct/columns';
import { fmtAcct } from '../core/time';
import { ESMTP_FEATURES, VMTA_POOL, type Job } from './catalog';
import type { SimQueue } from './queue';
import type { Reply } from './replies';

export interface Attempt {
  q: SimQueue;
  job: Job;
  rcpt: string;
  now: number;
  /** When the message was queued (ms). */
  queuedAt: number;
  sizeBytes: number;
  envId: string;
}

const mta = (q: SimQueue) => `${q.domain.mx} (${q.domain.mxIp})`;

function common(a: Attempt): Partial<AcctRecord> {
  return {
    timeLogged: fmtAcct(a.now),
    timeQueued: fmtAcct(a.queuedAt),
    orig: a.job.orig,
    rcpt: a.rcpt,
    srcType: 'smtp',
    srcMta: a.job.srcMta,
    vmta: a.q.vmta.name,
    jobId: a.job.id,
    envId: a.envId,
    queue: a.q.name,
    vmtaPool: VMTA_POOL,
  };
}

export function deliveredRecord(a: Attempt, diag: string): AcctRecord {
  return {
    type: 'd',
    ...common(a),
    dsnAction: 'relayed',
    dsnStatus: '2.0.0 (success)',
    dsnDiag: diag,
    dsnMta: mta(a.q),
    dlvType: 'smtp',
    dlvSourceIp: a.q.vmta.ip,
    dlvDestinationIp: a.q.domain.mxIp,
    dlvEsmtpAvailable: ESMTP_FEATURES,
    dlvSize: a.sizeBytes,
  };
}

/** `b` rows leave srcMta…dlvSize empty, as PowerMTA's do. */
export function bouncedRecord(a: Attempt, r: Reply): AcctRecord {
  return {
    type: 'b',
    ...common(a),
    srcMta: undefined,
    dsnAction: 'failed',
    dsnStatus: r.status,
    dsnDiag: r.diag,
    dsnMta: mta(a.q),
    bounceCat: r.category,
    srcType: 'smtp',
  };
}

export function transientRecord(a: Attempt, r: Reply): AcctRecord {
  return {
    type: 't',
    ...common(a),
    dsnAction: 'delayed',
    dsnStatus: r.status,
    dsnDiag: r.diag,
    dsnMta: mta(a.q),
    bounceCat: r.category,
    dlvType: 'smtp',
    dlvSourceIp: a.q.vmta.ip,
    dlvDestinationIp: a.q.domain.mxIp,
    dlvEsmtpAvailable: ESMTP_FEATURES,
    dlvSize: a.sizeBytes,
  };
}

export function queueFailureRecord(q: SimQueue, now: number, status: string, text: string): AcctRecord {
  const smtp = /^\d{3}\s/.test(text);
  return {
    type: 'tq',
    timeLogged: fmtAcct(now),
    queue: q.name,
    vmta: q.vmta.name,
    dsnStatus: status,
    dsnDiag: smtp ? `smtp;${text}` : text,
    dsnMta: smtp ? mta(q) : '',
    dlvType: 'smtp',
    dlvSourceIp: q.vmta.ip,
    dlvDestinationIp: smtp ? q.domain.mxIp : '',
    userString: '',
  };
}

export function fblRecord(a: Attempt, format: 'arf' | 'jmrp'): AcctRecord {
  const reporter = format === 'jmrp' ? 'Microsoft Junk Mail Reporting Program' : `${a.q.domain.name} FBL`;
  return {
    type: 'f',
    timeLogged: fmtAcct(a.now),
    repSourceIp: a.q.vmta.ip,
    feedbackType: 'abuse',
    format,
    userAgent: format === 'jmrp' ? 'Microsoft JMRP/1.0' : `${reporter}/1.0`,
    envId: a.envId,
    orig: a.job.orig,
    rcpt: a.rcpt,
    reportingMta: `dns; ${a.q.domain.mx}`,
    dlvSourceIp: a.q.vmta.ip,
    reportedDomain: a.job.senderDomain,
  };
}

export function remoteBounceRecord(a: Attempt, r: Reply): AcctRecord {
  return {
    type: 'rb',
    timeLogged: fmtAcct(a.now),
    orig: a.job.orig,
    rcpt: a.rcpt,
    dsnStatus: r.status,
    dsnDiag: r.diag,
    dsnMta: mta(a.q),
    dsnReportingMta: `dns; ${a.q.domain.mx}`,
    bounceCat: r.category,
    srcType: 'smtp',
    srcMta: `${a.q.domain.mx} (${a.q.domain.mxIp})`,
    envId: a.envId,
    format: 'dsn',
  };
}
