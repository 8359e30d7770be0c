'use client';
// Every job (campaign) on every node, merged by id (`/jobs`), with pause/resume on one node or
// all of them through the toolbox dialog (preview, confirmation, audit).
import { useState } from 'react';
import { useJobsQuery, type ToolBody } from '@/lib/query/toolbox';
import { useMeQuery } from '@/lib/query/session';
import { roleAtLeast } from '@/lib/auth/roles';
import { QueryState } from '@/components/ui/QueryState';
import { ToolActionDialog } from '@/components/toolbox/ToolActionDialog';

export function JobsPage() {
  const q = useJobsQuery();
  const role = useMeQuery().data?.user.role;
  const canAct = role !== undefined && roleAtLeast(role, 'operator');
  const [body, setBody] = useState<ToolBody | null>(null);
  return (
    <div className="grid">
      <h1>Jobs</h1>
      {body ? <ToolActionDialog body={body} onClose={() => setBody(null)} /> : null}
      <QueryState isPending={q.isPending} error={q.error} what="the jobs">
        {q.data ? (
          <>
            {q.data.failed.length ? <div className="muted">Not answering: {q.data.failed.map((f) => `${f.node} (${f.error})`).join(', ')}</div> : null}
            <table className="table" data-testid="jobs-table">
              <thead>
                <tr>
                  <th>Job</th>
                  <th>Recipients</th>
                  <th>kB</th>
                  <th>Per node</th>
                  <th>Paused on</th>
                  {canAct ? <th>Action</th> : null}
                </tr>
              </thead>
              <tbody>
                {q.data.jobs.map((j) => (
                  <tr key={j.id} data-testid={`job-${j.id}`}>
                    <td>
                      <code>{j.id}</code>
                    </td>
                    <td>{j.rcp}</td>
                    <td>{j.kb}</td>
                    <td className="muted">{j.nodes.map((n) => `${n.node}: ${n.rcp ?? '?'}`).join(' · ')}</td>
                    <td data-testid="job-paused-on">{j.pausedOn.length ? j.pausedOn.join(', ') : 'running'}</td>
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
              </tbody>
            </table>
          </>
        ) : null}
      </QueryState>
    </div>
  );
}
