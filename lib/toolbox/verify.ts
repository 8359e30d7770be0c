import 'server-only';
// Did a toolbox command take effect? Each is checked where the node shows it: a delete by a
// fresh poll of the matching queues (counts after), a job by `/jobs`, a source by the
// queue's `/queueDetail` (a wildcard pattern is not expanded: `sent`, with PowerMTA's reply).
import type { Verification } from '@/lib/audit/types';
import type { FleetNode } from '@/lib/fleet/fleet';
import { freshPoll } from '@/lib/actions/verify';
import { matchingRows } from '@/lib/actions/preview';
import { parseQueuePattern } from '@/lib/pmta/commands';
import type { QueueTable } from '@/lib/queue-store/queue-table';
import { readJobs } from '@/lib/jobs/read-jobs';
import type { ToolRequest, ToolTarget } from './target';

export interface Counts {
  queues: number;
  rcp: number;
  kb: number;
}

function count(t: QueueTable | null, pattern: string): Counts {
  const c = { queues: 0, rcp: 0, kb: 0 };
  if (!t) return c;
  for (const i of matchingRows(t, parseQueuePattern(pattern))) {
    c.queues++;
    c.rcp += t.columns.rcp[i]! || 0;
    c.kb += t.columns.kb[i]! || 0;
  }
  c.kb = Math.round(c.kb * 10) / 10;
  return c;
}

/** Recipients and kB in the queues matching `pattern`, from the node's latest snapshot. */
export function countMatching(n: FleetNode, pattern: string): Counts {
  return count(n.poller.snapshot.queues, pattern);
}

const v = (status: Verification['status'], detail: string, matched = 0, inState = 0, offenders: string[] = []): Verification => ({
  status,
  detail,
  matched,
  inState,
  offenders,
});
const words = (c: Counts) => `${c.rcp} recipient(s), ${c.kb} kB in ${c.queues} queue(s)`;

export async function verifyTool(n: FleetNode, r: ToolRequest, target: ToolTarget, sentAt: number, before: Counts | null): Promise<Verification> {
  try {
    switch (r.action) {
      case 'delete': {
        const o = await freshPoll(n, sentAt);
        if (!o.snapshot.queues || (o.snapshot.queuesAt ?? 0) < sentAt) return v('poll-failed', `before: ${words(before!)}; re-poll failed, after not known`);
        const after = count(o.snapshot.queues, target.pattern);
        // With --older-than younger mail may stay; new mail may arrive any moment, so only an
        // unqualified delete that left nothing is "verified".
        const status = r.olderThan === undefined && after.rcp === 0 ? 'verified' : 'sent';
        return v(status, `before: ${words(before!)}; after: ${words(after)}`, after.queues, after.rcp === 0 ? after.queues : 0);
      }
      case 'pause-job':
      case 'resume-job': {
        const jobs = await readJobs(n.client);
        const j = jobs?.find((x) => x.id === r.job);
        if (!j || j.paused === null)
          return v('sent', j ? 'the node does not say whether a job is paused' : 'the job is not listed on /jobs (no queued recipients?)');
        const want = r.action === 'pause-job';
        return j.paused === want
          ? v('verified', `job ${j.id} ${want ? 'paused' : 'not paused'}`, 1, 1)
          : v('mismatch', `job ${j.id} is ${j.paused ? 'paused' : 'not paused'}`, 1, 0, [j.id]);
      }
      case 'disable-source':
      case 'enable-source': {
        if (target.pattern.includes('*')) return v('sent', 'a wildcard pattern is not checked queue by queue (see PowerMTA\u2019s reply)');
        const d = await n.client.queueDetail(target.pattern);
        const listed = d.disabledSources.some((s) => s.ip.toLowerCase() === r.ip!.toLowerCase());
        const want = r.action === 'disable-source';
        return listed === want
          ? v('verified', `${r.ip} ${want ? 'listed' : 'not listed'} as disabled on ${target.pattern}`, 1, 1)
          : v('mismatch', `${r.ip} ${listed ? 'still' : 'not'} listed as disabled on ${target.pattern}`, 1, 0, [target.pattern]);
      }
      case 'retry-recipients':
        return v('sent', 'a poll cannot confirm a retry (see PowerMTA\u2019s reply)');
    }
  } catch (e) {
    return v('poll-failed', `check failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
