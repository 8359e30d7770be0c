'use client';
import { RangeSelect } from '@/components/bounces/RangeSelect';
// One job: where it is queued now (each node's `/jobs` entry, paused or not), its accounting for
// the range, the queues per node its records went through with their live state (see
// lib/jobs/job-detail.ts for what PowerMTA does and does not say about a job's queues), and
// pause/resume job on every node or one, through the toolbox dialog.
import Link from 'next/link';
import { useState } from 'react';
import { useJobDetailQuery, type ToolBody } from '@/lib/query/toolbox';
import { useActDenial } from '@/lib/query/session';
import { fmtInt, fmtKb, fmtRate } from '@/lib/format';
import { QueryState } from '@/components/ui/QueryState';
import { ToolActionDialog } from '@/components/toolbox/ToolActionDialog';
import { useBounceView } from '@/components/bounces/BounceFilters';
import { rangeCaption } from '@/components/bounces/bounce-view';

export function JobDetailPage({ job }: { job: string }) {
  const [view, set] = useBounceView();
  const q = useJobDetailQuery(job, view);
  const canAct = !useActDenial().denial;
  const [body, setBody] = useState<ToolBody | null>(null);
  const d = q.data;
  const a = d?.accounting;
  return (
    <div className="grid">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h1 style={{ margin: 0 }}>
          Job <code>{job}</code>
        </h1>
        <Link href="/jobs">All jobs</Link>
      </div>
      {body ? <ToolActionDialog body={body} onClose={() => setBody(null)} /> : null}
      <QueryState isPending={q.isPending} error={q.error} what="the job">
        {d ? (
          <>
            <section className="panel" data-testid="job-live">
              <h2>Queued now</h2>
              {d.failed.length ? <div className="muted">Not answering: {d.failed.map((f) => `${f.node} (${f.error})`).join(', ')}</div> : null}
              {d.live ? (
                <>
                  <div>
                    {fmtInt(d.live.rcp)} recipients, {fmtKb(d.live.kb)} ·{' '}
                    <span data-testid="job-paused-on">{d.live.pausedOn.length ? `paused on ${d.live.pausedOn.join(', ')}` : 'running'}</span>
                  </div>
                  <table className="data">
                    <thead>
                      <tr>
                        <th>Node</th>
                        <th className="num">Recipients</th>
                        <th className="num">Size</th>
                        <th>State</th>
                        {canAct ? <th /> : null}
                      </tr>
                    </thead>
                    <tbody>
                      {d.live.nodes.map((n) => (
                        <tr key={n.node} data-testid={`job-node-${n.node}`}>
                          <td>{n.node}</td>
                          <td className="num">{fmtInt(n.rcp)}</td>
                          <td className="num">{fmtKb(n.kb)}</td>
                          <td>{n.paused ? <span className="badge danger">paused</span> : n.paused === false ? 'running' : '–'}</td>
                          {canAct ? (
                            <td className="row">
                              <button type="button" onClick={() => setBody({ action: n.paused ? 'resume-job' : 'pause-job', job, nodes: [n.node] })}>
                                {n.paused ? 'Resume here' : 'Pause here'}
                              </button>
                            </td>
                          ) : null}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  {canAct ? (
                    <div className="row">
                      <button type="button" onClick={() => setBody({ action: 'pause-job', job, nodes: 'all' })} data-testid="job-pause-all">
                        Pause on all nodes
                      </button>
                      <button type="button" onClick={() => setBody({ action: 'resume-job', job, nodes: 'all' })} data-testid="job-resume-all">
                        Resume on all nodes
                      </button>
                    </div>
                  ) : null}
                </>
              ) : (
                <p className="muted">No node lists this job now (its mail may all be delivered).</p>
              )}
            </section>
            <section className="panel" data-testid="job-accounting">
              <div className="row" style={{ justifyContent: 'space-between' }}>
                <h2 style={{ margin: 0 }}>Accounting</h2>
                <RangeSelect range={view.range} onChange={(range) => set({ range })} />
              </div>
              <div className="muted">{rangeCaption(view, d.generatedAt)}</div>
              {a ? (
                <div data-testid="job-totals">
                  Delivered <strong>{fmtInt(a.delivered)}</strong> · bounces <strong>{fmtInt(a.bounces)}</strong> (hard {fmtInt(a.hard)}, soft {fmtInt(a.soft)},
                  policy {fmtInt(a.custom)}, unknown {fmtInt(a.unknown)}, remote {fmtInt(a.remoteBounces)}) · bounce rate{' '}
                  <span className={a.bounceWarn ? 'badge warn' : undefined}>{fmtRate(a.bounceRate)}</span> (threshold {d.thresholds.bounceRatePct}%) ·
                  complaints {fmtInt(a.fbl)}, rate <span className={a.complaintWarn ? 'badge warn' : undefined}>{fmtRate(a.complaintRate)}</span> (threshold{' '}
                  {d.thresholds.complaintRatePct}%)
                </div>
              ) : (
                <p className="muted">No accounting records of this job in the range.</p>
              )}
            </section>
            <section className="panel">
              <h2>Queues per node</h2>
              <p className="muted">
                The queues this job&apos;s accounting records went through in the range (PowerMTA lists no queues per job), with each queue&apos;s state now.
              </p>
              {d.queues.length === 0 ? (
                <p className="muted">None in the range.</p>
              ) : (
                <table className="data" data-testid="job-queues">
                  <thead>
                    <tr>
                      <th>Node</th>
                      <th>Queue</th>
                      <th className="num">Delivered</th>
                      <th className="num">Bounced</th>
                      <th className="num">Queued rcpt now</th>
                      <th>Paused</th>
                      <th>Mode</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.queues.map((x) => (
                      <tr key={`${x.node} ${x.queue}`} data-testid="job-queue-row">
                        <td>{x.node}</td>
                        <td>
                          <Link prefetch={false} href={`/domains/${encodeURIComponent(x.queue.split('/')[0]!)}`}>
                            {x.queue}
                          </Link>
                        </td>
                        <td className="num">{fmtInt(x.delivered)}</td>
                        <td className="num">{fmtInt(x.bounces)}</td>
                        <td className="num">{x.live ? fmtInt(x.live.rcp) : '–'}</td>
                        <td>{x.live?.paused ? <span className="badge danger">paused</span> : x.live ? 'no' : '–'}</td>
                        <td>{x.live?.mode ?? '–'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          </>
        ) : null}
      </QueryState>
    </div>
  );
}
