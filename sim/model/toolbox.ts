// The toolbox commands' effect on the model: jobs, source IPs, delete, settings, licence and
// a PowerMTA restart. Both the HTTP command handler and the programmatic handle go through
// these (like actions.ts), so they cannot drift apart.

import type { SimModel } from './model';
import { matching } from './actions';
import type { SimQueue } from './queue';

/** Epoch ms; a disabled source without --reenable-after stays disabled (until a restart). */
const NEVER = 8_640_000_000_000_000;

export function pauseJob(m: SimModel, job: string): boolean {
  if (!m.jobs.some((j) => j.id === job)) return false;
  m.pausedJobs.add(job);
  return true;
}

export function resumeJob(m: SimModel, job: string): boolean {
  if (!m.jobs.some((j) => j.id === job)) return false;
  m.pausedJobs.delete(job);
  return true;
}

export function disableSource(m: SimModel, ip: string, pattern: string, reenableAfterMs: number | null): number {
  const qs = matching(m, pattern);
  const until = reenableAfterMs === null ? NEVER : m.now + reenableAfterMs;
  for (const q of qs) {
    q.disabledSources = q.disabledSources.filter((s) => s.ip !== ip);
    q.disabledSources.push({ ip, until });
  }
  return qs.length;
}

export function enableSource(m: SimModel, ip: string, pattern: string): number {
  let n = 0;
  for (const q of matching(m, pattern)) {
    const before = q.disabledSources.length;
    q.disabledSources = q.disabledSources.filter((s) => s.ip !== ip);
    if (q.disabledSources.length < before) {
      n++;
      q.retryAt = Math.min(q.retryAt, m.now); // it waited for the source, not for a retry
    }
  }
  return n;
}

export function disabledSources(m: SimModel, pattern: string): { queue: SimQueue; ip: string; until: number | null }[] {
  return matching(m, pattern).flatMap((q) =>
    q.disabledSources.filter((s) => s.until > m.now).map((s) => ({ queue: q, ip: s.ip, until: s.until >= NEVER ? null : s.until })),
  );
}

/**
 * `delete --queue=P [--older-than=I]`: the simulator keeps no per-recipient ages, so every
 * queued recipient counts as received when the node started: --older-than longer than the
 * node's uptime deletes nothing, otherwise everything in the matching queues goes.
 */
export function deleteRecipients(m: SimModel, pattern: string, olderThanMs: number | null): { rcp: number; kb: number } {
  const out = { rcp: 0, kb: 0 };
  if (olderThanMs !== null && olderThanMs > m.now - m.startedAt) return out;
  for (const q of matching(m, pattern)) {
    out.rcp += q.rcp;
    out.kb += q.kb;
    q.rcp = 0;
    q.kb = 0;
    q.jobs.clear();
  }
  return out;
}

/** The settings a queue runs with (guide §6.3.15 prints "Virtual MTA Settings" then "Queue Settings"). */
export function settingsText(m: SimModel, q: SimQueue): string {
  const d = q.domain.name;
  const big = /gmail|outlook|hotmail|yahoo/.test(d);
  const vmta = [`smtp-source-host ${q.vmta.ip} ${q.vmta.helo}`, 'max-smtp-out 20'];
  const queue = [
    `max-msg-rate ${big ? '600/h' : 'unlimited'}`,
    `max-smtp-out ${big ? 10 : 20}`,
    'max-msg-per-connection 100',
    `backoff-max-msg-rate ${big ? '60/h' : 'unlimited'}`,
    'backoff-retry-after 20m',
    'retry-after 10m',
    'bounce-after 4d12h',
    `backoff-to-normal-after ${m.backoffToNormalAfterMs ? `${m.backoffToNormalAfterMs / 60_000}m` : 'never'}`,
    `smtp-pattern-list ${big ? 'common-errors' : 'none'}`,
  ];
  return ['Virtual MTA Settings', ...vmta.map((l) => `  ${l}`), 'Queue Settings', ...queue.map((l) => `  ${l}`)].join('\n');
}

/**
 * A PowerMTA restart: the node comes back with a new startupTime, and what the CLI set at run
 * time is gone — queue and job pauses and disabled sources (they live in memory; only the
 * config file survives). Queued mail is on disk and stays.
 */
export function restartNode(m: SimModel): void {
  for (const q of m.queues) {
    q.paused = false;
    if (q.disabledSources.length) q.retryAt = Math.min(q.retryAt, m.now);
    q.disabledSources = [];
    q.conn = 0;
  }
  m.pausedJobs.clear();
  m.startedAt = m.now;
}
