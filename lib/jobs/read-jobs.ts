import 'server-only';
// `/jobs` of one node (powermta-api.md §5.3: job id, #rcpt, kbytes; guide §6.3.14), read on
// demand — the poller does not fetch it. JSON (5.0) only: a 4.x node answers null.
import type { PmtaClient } from '@/lib/pmta/client';
import { bool, list, num, obj, reqStr } from '@/lib/pmta/coerce';
import { parseJsonEnvelope } from '@/lib/pmta/json';

export interface NodeJob {
  id: string;
  rcp: number | null;
  kb: number | null;
  /** Present when the node says (`pause job`, guide §6.3.24); null otherwise. */
  paused: boolean | null;
}

export async function readJobs(client: PmtaClient, signal?: AbortSignal): Promise<NodeJob[] | null> {
  const r = await client.fetchBytes('/jobs', {}, signal);
  if (r.format !== 'json') return null;
  const data = parseJsonEnvelope(r.body.toString('utf8'));
  const items = list(data.job ?? obj(data.jobs, 'jobs', 'jobs').job, 'jobs', 'job');
  return items.map((raw, i) => {
    const j = obj(raw, 'jobs', `job[${i}]`);
    return {
      id: reqStr(j.id, `job[${i}]`, 'id'),
      rcp: num(j.rcp, `job[${i}]`, 'rcp'),
      kb: num(j.kb, `job[${i}]`, 'kb'),
      paused: bool(j.paused, `job[${i}]`, 'paused'),
    };
  });
}
