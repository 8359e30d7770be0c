// One simulation step of one queue: open connections within limits, attempt recipients,
// write d/b/t rows, and handle remote refusals (which drive backoff).

import { countFor, randInt } from '../core/prng';
import { refuse } from './episodes';
import type { SimModel } from './model';
import { setMode, type SimQueue } from './queue';
import { bouncedRecord, deliveredRecord, fblRecord, queueFailureRecord, remoteBounceRecord, transientRecord, type Attempt } from './records';
import { bounceReply, deferralReply, remoteBounceReply, successDiag } from './replies';
import { bump } from './counts';

/** Chance per queue-second of a stray connection failure (a `tq` row) while delivering normally. */
const STRAY_TQ_PER_SECOND = 0.0004;
const FBL_RATE = 0.003;
const REMOTE_BOUNCE_RATE = 0.004;

const FIRST = ['james', 'mary', 'li', 'fatima', 'olga', 'diego', 'aiko', 'noah', 'emma', 'raj', 'chen', 'sofia', 'lucas', 'amara'];

export function stepQueue(m: SimModel, q: SimQueue, dt: number, budget: { left: number }): void {
  const now = m.now;
  backoffToNormalAfter(m, q);
  if (q.disabledSources.length > 0) q.disabledSources = q.disabledSources.filter((s) => s.until > now);
  if (q.paused || q.rcp === 0 || now < q.retryAt) {
    q.conn = 0;
    return;
  }
  if (q.refusal) {
    if (now < q.refusal.until) {
      refuse(m, q);
      return;
    }
    q.refusal = null;
  }
  // Each vMTA here has one source IP: with it disabled, nothing can go out until re-enabled.
  if (q.disabledSources.length > 0) {
    q.conn = 0;
    q.retryAt = Math.min(...q.disabledSources.map((s) => s.until));
    return;
  }
  const backoff = q.mode === 'backoff';
  const conn = Math.max(0, Math.min(backoff ? 1 : q.domain.maxConn, Math.ceil(q.rcp / 20), budget.left));
  q.conn = conn;
  budget.left -= conn;
  if (conn === 0) return;
  if (!backoff && m.rng() < STRAY_TQ_PER_SECOND * dt) {
    strayFailure(m, q);
    return;
  }
  const rate = Math.min(conn * q.domain.perConnRate, q.domain.maxMsgRate) * (backoff ? 0.25 : 1);
  const attempts = Math.min(q.rcp, countFor(m.rng, rate * dt));
  for (let i = 0; i < attempts && q.rcp > 0; i++) attemptOne(m, q);
  // guide §3.3.10.45: "puts a queue back into normal mode after a successful delivery"; off by
  // default, so a queue otherwise stays in backoff until a pattern, an operator or a restart
  // ends it (here also when the episode ends, see episodes.ts).
  if (m.backoffToNormalAfterDelivery && q.mode === 'backoff' && q.backoffDeliveries >= 1) {
    setMode(q, 'normal', now, 'normal mode resumed after a successful delivery (backoff-to-normal-after-delivery)');
  }
}

/** guide §3.3.10.44: back to normal a set time after entering backoff, once the provider stopped refusing. */
function backoffToNormalAfter(m: SimModel, q: SimQueue): void {
  if (q.mode !== 'backoff' || m.backoffToNormalAfterMs === 0 || (q.refusal && q.refusal.until > m.now)) return;
  const entered = q.modeEvents.first;
  if (entered && entered.mode === 'backoff' && m.now - entered.time >= m.backoffToNormalAfterMs) {
    q.refusal = null;
    setMode(q, 'normal', m.now, `normal mode resumed after ${Math.round(m.backoffToNormalAfterMs / 60_000)}m in backoff (backoff-to-normal-after)`);
  }
}

function attemptOne(m: SimModel, q: SimQueue): void {
  const rng = m.rng;
  const now = m.now;
  const job = m.pickJobFor(q);
  const perRcpKb = q.rcp > 0 ? q.kb / q.rcp : 0;
  const a: Attempt = {
    q,
    job,
    now,
    rcpt: `${FIRST[Math.floor(rng() * FIRST.length)]}.${randInt(rng, 1, 99999)}@${q.domain.rcptDomains[Math.floor(rng() * q.domain.rcptDomains.length)]}`,
    queuedAt: now - randInt(rng, 2, 900) * 1000,
    sizeBytes: Math.round(perRcpKb * 1024),
    envId: `${job.id}.${randInt(rng, 100000, 999999)}`,
  };
  const x = rng();
  const ev = { time: now, rcpt: a.rcpt, sourceIp: q.vmta.ip, remoteMta: `${q.domain.mx} (${q.domain.mxIp})` };
  if (x < q.domain.deferRate) {
    const r = deferralReply(rng);
    m.acct.write(transientRecord(a, r), now);
    m.counts.transient += 1;
    q.errors.push({ time: now, text: r.diag.replace(/^smtp;/, '') });
    if (m.trackRecipientEvents) q.recipientEvents.push({ ...ev, type: 'deferred', diag: r.diag });
    return;
  }
  removeOne(q, job.id, perRcpKb);
  if (x < q.domain.deferRate + q.domain.bounceRate) {
    const r = bounceReply(q.domain, rng);
    m.acct.write(bouncedRecord(a, r), now);
    m.counts.bounced.total += 1;
    bump(m.counts.bounced.byCategory, r.category);
    if (m.trackRecipientEvents) q.recipientEvents.push({ ...ev, type: 'bounced', diag: r.diag });
    return;
  }
  const diag = successDiag(q.domain, rng);
  m.acct.write(deliveredRecord(a, diag), now);
  m.counts.delivered += 1;
  m.traffic.add(now, 'outRcp', 1);
  m.traffic.add(now, 'outMsg', 1);
  m.traffic.add(now, 'outKb', perRcpKb);
  if (m.trackRecipientEvents) q.recipientEvents.push({ ...ev, type: 'delivered', diag });
  if (q.mode === 'backoff') q.backoffDeliveries += 1;
  // Complaints and asynchronous bounces arrive later in reality; here they are logged at
  // delivery time, which keeps the exact tallies simple.
  if (q.domain.fbl && rng() < FBL_RATE) {
    m.acct.write(fblRecord(a, q.domain.fbl), now);
    const f = m.counts.fbl;
    f.total += 1;
    bump(f.byReportedDomain, job.senderDomain);
    bump(f.byFeedbackType, 'abuse');
    bump(f.byFormat, q.domain.fbl);
    m.traffic.add(now, 'fbl', 1);
  } else if (q.domain.provider === 'corp' && rng() < REMOTE_BOUNCE_RATE) {
    const r = remoteBounceReply(q.domain, rng);
    m.acct.write(remoteBounceRecord(a, r), now);
    m.counts.rb.total += 1;
    bump(m.counts.rb.byCategory, r.category);
    m.traffic.add(now, 'bounce', 1);
  }
}

function removeOne(q: SimQueue, jobId: string, kb: number): void {
  q.rcp -= 1;
  q.kb = q.rcp === 0 ? 0 : Math.max(0, q.kb - kb);
  const left = (q.jobs.get(jobId) ?? 1) - 1;
  if (left > 0) q.jobs.set(jobId, left);
  else q.jobs.delete(jobId);
}

/** A one-off connection failure: the queue waits a minute and tries again. */
function strayFailure(m: SimModel, q: SimQueue): void {
  const text = `421 4.7.0 ${q.domain.mx} Too many concurrent SMTP connections from this IP address; please try again later`;
  q.conn = 0;
  q.errors.push({ time: m.now, text });
  m.acct.write(queueFailureRecord(q, m.now, '4.7.0 (other or undefined security status)', text), m.now);
  m.counts.tq += 1;
  q.retryAt = m.now + 60_000;
}
