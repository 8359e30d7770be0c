import 'server-only';
// One job's drill-down: what the nodes say now, what the accounting says, and its queues.
//
// Which queues hold a job: PowerMTA documents no job → queue listing. `show jobs` / `/jobs`
// (guide §6.3.14) give only the job id, #rcpt and kbytes per node; `pause job` / `resume job`
// (§6.3.24, §6.3.26) act on the job wherever its recipients are queued; `list --jobId=id`
// (§6.3.27) lists recipients one by one (too heavy to run for a page, and its output format is
// not documented). Uncertain, then, is which queues hold a job's recipients *right now*. What
// the console does know is where the job's mail went: every accounting record carries its
// jobId and its queue (recipient domain and vMTA), so the queues listed here are the queues per
// node that the job's records went through in the range, with each queue's live state from the
// latest snapshot. A job whose first records have not been ingested yet lists no queue.
import { queryJobAccounting, queryJobQueues } from '@/lib/accounting/store/jobs';
import type { Runtime } from '@/lib/runtime/runtime';
import type { ResponseOf } from '@/lib/api/contracts/registry';

type JobDetail = ResponseOf<'GET /api/jobs/{job}'>;

function liveQueue(rt: Runtime, node: string, domain: string, queue: string): JobDetail['queues'][number]['live'] {
  const t = rt.fleet.node(node)?.poller.snapshot.queues;
  if (!t) return null;
  const want = queue.toLowerCase();
  const i = t.rowsOfDomain(domain).find((r) => t.names[r]!.toLowerCase() === want);
  if (i === undefined) return null;
  const q = t.row(i);
  return { rcp: q.rcp, kb: q.kb, paused: q.paused, mode: q.mode };
}

export async function jobDetail(rt: Runtime, job: string, range: { from?: number; to?: number }): Promise<JobDetail> {
  const { jobs, failed } = await rt.toolbox.jobs();
  const m = jobs.find((j) => j.id === job);
  const { store, config } = rt.accounting;
  const thresholds = config.accounting.thresholds;
  const f = { ...range, job };
  const accounting = (await queryJobAccounting(store, f, thresholds, 1))[0] ?? null;
  const queues = (await queryJobQueues(store, f)).map((r) => {
    // A record without a vMTA went through the default virtual MTA: the queue is named by its domain.
    const queue = r.vmta ? `${r.domain}/${r.vmta}` : r.domain;
    return { node: r.node, queue, delivered: r.delivered, bounces: r.bounces, live: r.vmta ? liveQueue(rt, r.node, r.domain, queue) : null };
  });
  return {
    generatedAt: Date.now(),
    job,
    live: m ? { rcp: m.rcp, kb: m.kb, nodes: m.nodes, pausedOn: m.pausedOn } : null,
    failed,
    thresholds,
    accounting,
    queues,
  };
}
