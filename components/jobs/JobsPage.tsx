'use client';
import { RangeSelect } from '@/components/bounces/RangeSelect';
// Every job (campaign) on every node, merged by id (`/jobs`), with its accounting for the range
// (delivered, bounces by class, complaints, rates flagged against the configured thresholds),
// a link to its drill-down, and pause/resume on every node through the toolbox dialog
// (preview, confirmation, audit). Jobs known only from the accounting are listed too.
import Link from 'next/link';
import { useState } from 'react';
import { useJobsAccountingQuery, useJobsQuery, type ToolBody } from '@/lib/query/toolbox';
import { useMeQuery } from '@/lib/query/session';
import { roleAtLeast } from '@/lib/auth/roles';
import { fmtInt, fmtRate } from '@/lib/format';
import { QueryState } from '@/components/ui/QueryState';
import { ToolActionDialog } from '@/components/toolbox/ToolActionDialog';
import { useBounceView } from '@/components/bounces/BounceFilters';
import { rangeCaption } from '@/components/bounces/bounce-view';
import type { ApiResponse } from '@/lib/api/contracts/registry';

type Acct = ApiResponse<'GET', '/api/jobs/accounting'>['jobs'][number];

export function JobsPage() {
  const q = useJobsQuery();
  const [view, set] = useBounceView();
  const acct = useJobsAccountingQuery(view);
  const role = useMeQuery().data?.user.role;
  const canAct = role !== undefined && roleAtLeast(role, 'operator');
  const [body, setBody] = useState<ToolBody | null>(null);
  const byJob = new Map<string, Acct>((acct.data?.jobs ?? []).map((j) => [j.job, j]));
  const live = new Set((q.data?.jobs ?? []).map((j) => j.id));
  const accountingOnly = (acct.data?.jobs ?? []).filter((j) => !live.has(j.job));
  const th = acct.data?.thresholds;
  const cells = (a: Acct | undefined) => (
    <>
      <td className="num" data-testid="job-delivered">
        {a ? fmtInt(a.delivered) : '–'}
      </td>
      <td className="num" title={a ? `hard ${a.hard} · soft ${a.soft} · policy ${a.custom} · unknown ${a.unknown} · remote ${a.remoteBounces}` : undefined}>
        {a ? `${fmtInt(a.bounces)} (${fmtInt(a.hard)} / ${fmtInt(a.soft)} / ${fmtInt(a.custom)} / ${fmtInt(a.unknown)})` : '–'}
      </td>
      <td className={`num${a?.bounceWarn ? ' warn' : ''}`}>
        {a ? fmtRate(a.bounceRate) : '–'}
        {a?.bounceWarn ? <span className="badge warn"> over</span> : null}
      </td>
      <td className="num">{a ? fmtInt(a.fbl) : '–'}</td>
      <td className="num">
        {a ? fmtRate(a.complaintRate) : '–'}
        {a?.complaintWarn ? <span className="badge warn"> over</span> : null}
      </td>
    </>
  );
  const head = (
    <>
      <th className="num">Delivered</th>
      <th className="num" title="total (hard / soft / policy / unknown)">
        Bounces
      </th>
      <th className="num" title={th ? `flagged above ${th.bounceRatePct}% with at least ${th.minDelivered} delivered` : undefined}>
        Bounce rate
      </th>
      <th className="num">Complaints</th>
      <th className="num" title={th ? `flagged above ${th.complaintRatePct}%` : undefined}>
        Complaint rate
      </th>
    </>
  );
  const jobLink = (id: string) => (
    <Link prefetch={false} href={`/jobs/${encodeURIComponent(id)}`}>
      <code>{id}</code>
    </Link>
  );
  return (
    <div className="grid">
      <h1>Jobs</h1>
      <div className="row">
        <RangeSelect range={view.range} onChange={(range) => set({ range })} />
        <span className="muted">Accounting: {rangeCaption(view, acct.data?.generatedAt)}</span>
      </div>
      {body ? <ToolActionDialog body={body} onClose={() => setBody(null)} /> : null}
      <QueryState isPending={q.isPending} error={q.error} what="the jobs">
        {q.data ? (
          <>
            {q.data.failed.length ? <div className="muted">Not answering: {q.data.failed.map((f) => `${f.node} (${f.error})`).join(', ')}</div> : null}
            <table className="data" data-testid="jobs-table">
              <thead>
                <tr>
                  <th>Job</th>
                  <th>Recipients</th>
                  <th>kB</th>
                  <th>Per node</th>
                  <th>Paused on</th>
                  {head}
                  {canAct ? <th>Action</th> : null}
                </tr>
              </thead>
              <tbody>
                {q.data.jobs.map((j) => (
                  <tr key={j.id} data-testid={`job-${j.id}`}>
                    <td>{jobLink(j.id)}</td>
                    <td>{j.rcp}</td>
                    <td>{j.kb}</td>
                    <td className="muted">{j.nodes.map((n) => `${n.node}: ${n.rcp ?? '?'}`).join(' · ')}</td>
                    <td data-testid="job-paused-on">{j.pausedOn.length ? j.pausedOn.join(', ') : 'running'}</td>
                    {cells(byJob.get(j.id))}
                    {canAct ? (
                      <td className="row">
                        <button type="button" onClick={() => setBody({ action: 'pause-job', job: j.id, nodes: 'all' })}>
                          Pause
                        </button>
                        <button type="button" onClick={() => setBody({ action: 'resume-job', job: j.id, nodes: 'all' })}>
                          Resume
                        </button>
                      </td>
                    ) : null}
                  </tr>
                ))}
                {accountingOnly.map((a) => (
                  <tr key={a.job} data-testid={`job-${a.job}`} className="muted" title="in the accounting records of the range, not queued on any node now">
                    <td>{jobLink(a.job)}</td>
                    <td colSpan={4}>not queued now</td>
                    {cells(a)}
                    {canAct ? <td /> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : null}
      </QueryState>
    </div>
  );
}
