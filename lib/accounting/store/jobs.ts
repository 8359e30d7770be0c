import 'server-only';
// Accounting per job (the records' jobId, `x-job`): delivered, bounces by class, complaints and
// the rates against the configured thresholds, for /jobs and the job drill-down. The minute and
// hourly aggregates are keyed by job already (acct_agg / acct_agg_h), so no extra rollup is
// needed: long ranges read the hourly rows through sourceFor.
import { all, type AcctDb } from './acct-db';
import { rates, sourceFor } from './query';
import type { BounceFilter, RateFlags, Thresholds } from './types';

export interface JobAccounting extends RateFlags {
  job: string;
  delivered: number;
  bounces: number;
  hard: number;
  soft: number;
  custom: number;
  unknown: number;
  remoteBounces: number;
  fbl: number;
}

/** One row per job with records in the range (records without a jobId are left out), by bounces. */
export async function queryJobAccounting(db: AcctDb, f: BounceFilter, t: Thresholds, limit = 500): Promise<JobAccounting[]> {
  const w = await sourceFor(db, 'acct_agg', f);
  const rows = await all<Omit<JobAccounting, 'bounces' | keyof RateFlags>>(
    db,
    `SELECT job, sum(delivered) AS delivered, sum(hard) AS hard, sum(soft) AS soft, sum(custom) AS custom, sum(unknown) AS unknown,
       sum(rb) AS "remoteBounces", sum(fbl) AS fbl
     FROM ${w.sql} WHERE job != '' GROUP BY job ORDER BY sum(hard + soft + custom + unknown + rb) DESC, sum(fbl) DESC, job LIMIT ?`,
    [...w.args, limit],
  );
  return rows.map((r) => {
    const bounces = r.hard + r.soft + r.custom + r.unknown;
    return { ...r, bounces, ...rates(r.delivered, bounces, r.remoteBounces, r.fbl, t) };
  });
}

/**
 * The queues (node, `domain/vmta`) a job's records went through in the range, busiest first.
 * The aggregates keep the recipient domain and the vMTA of each record, which is the queue
 * PowerMTA names `domain/vmta` (records without a vMTA went through the default vMTA: `domain/`).
 */
export async function queryJobQueues(
  db: AcctDb,
  f: BounceFilter & { job: string },
  limit = 500,
): Promise<{ node: string; domain: string; vmta: string; delivered: number; bounces: number }[]> {
  const w = await sourceFor(db, 'acct_agg', f);
  return all(
    db,
    `SELECT node, domain, vmta, sum(delivered) AS delivered, sum(hard + soft + custom + unknown) AS bounces
     FROM ${w.sql} WHERE domain != '' GROUP BY node, domain, vmta ORDER BY sum(delivered + hard + soft + custom + unknown) DESC, node, domain, vmta LIMIT ?`,
    [...w.args, limit],
  );
}
