'use client';
import Link from 'next/link';
import type { NodeTotals } from '@/lib/api/responses';
import { fmtInt, fmtKb, fmtPct } from '@/lib/format';
import { useOverview } from '@/lib/query/hooks';
import { HealthBadge } from '@/components/ui/HealthBadge';
import { QueryState } from '@/components/ui/QueryState';
import { RelativeTime } from '@/components/ui/RelativeTime';
import styles from './OverviewPage.module.css';

function Kpi({ label, value, sub, testId }: { label: string; value: string; sub?: string; testId: string }) {
  return (
    <div className={`panel ${styles.kpi}`}>
      <div className="muted">{label}</div>
      <div className={styles.kpiValue} data-testid={testId}>
        {value}
      </div>
      {sub ? <div className="muted">{sub}</div> : null}
    </div>
  );
}

function FleetKpis({ t }: { t: NodeTotals }) {
  return (
    <div className={styles.kpis}>
      <Kpi label="Delivered / min" value={fmtInt(t.lastMin.out.rcp)} sub={`${fmtInt(t.lastHr.out.rcp)} in the last hour`} testId="kpi-out-min" />
      <Kpi label="Received / min" value={fmtInt(t.lastMin.in.rcp)} sub={`${fmtInt(t.lastHr.in.rcp)} in the last hour`} testId="kpi-in-min" />
      <Kpi label="Queued recipients" value={fmtInt(t.queued.rcp)} sub={`${fmtInt(t.queued.domains)} domains · ${fmtKb(t.queued.kb)}`} testId="kpi-queued" />
      <Kpi label="Outbound connections" value={fmtInt(t.connOut.cur)} sub={`of ${fmtInt(t.connOut.max)} max`} testId="kpi-conn-out" />
      <Kpi label="Queues in backoff" value={fmtInt(t.backoffQueues)} sub={`${fmtInt(t.pausedQueues)} paused · ${fmtInt(t.queues)} queues`} testId="kpi-backoff" />
      <Kpi label="Spool" value={fmtPct(t.spool.rcp, t.spool.maxRcp)} sub={`${fmtInt(t.spool.rcp)} rcpt`} testId="kpi-spool" />
      <Kpi label="Bounces / FBL processed" value={`${fmtInt(t.bounceProcessed)} / ${fmtInt(t.feedbackLoopProcessed)}`} sub="since start or counter reset" testId="kpi-bounces" />
    </div>
  );
}

export function OverviewPage() {
  const q = useOverview();
  const d = q.data;
  return (
    <div className="grid">
      <h1>Fleet overview</h1>
      <QueryState isPending={q.isPending} error={q.error} what="the fleet overview">
        {d ? (
          <>
            <FleetKpis t={d.fleet} />
            <section className="panel">
              <h2>Nodes</h2>
              <table className="data" data-testid="nodes-table">
                <thead>
                  <tr>
                    <th>Node</th>
                    <th>Health</th>
                    <th>Last data</th>
                    <th className="num">Out / min</th>
                    <th className="num">In / min</th>
                    <th className="num">Out / hour</th>
                    <th className="num">Conn out</th>
                    <th className="num">Queued rcpt</th>
                    <th className="num">Queued KB</th>
                    <th className="num">Backoff</th>
                    <th>Version</th>
                  </tr>
                </thead>
                <tbody>
                  {d.nodes.map(({ node, totals }) => (
                    <tr key={node.id} data-testid={`node-row-${node.id}`}>
                      <td title={node.address}>{node.name}</td>
                      <td>
                        <HealthBadge health={node.health} />
                      </td>
                      <td>
                        <RelativeTime at={node.dataAt} />
                      </td>
                      <td className="num" data-testid="node-out-min">{fmtInt(totals?.lastMin.out.rcp)}</td>
                      <td className="num">{fmtInt(totals?.lastMin.in.rcp)}</td>
                      <td className="num">{fmtInt(totals?.lastHr.out.rcp)}</td>
                      <td className="num">
                        {fmtInt(totals?.connOut.cur)} / {fmtInt(totals?.connOut.max)}
                      </td>
                      <td className="num" data-testid="node-queued">{fmtInt(totals?.queued.rcp)}</td>
                      <td className="num">{fmtKb(totals?.queued.kb)}</td>
                      <td className="num">{fmtInt(totals?.backoffQueues)}</td>
                      <td className="muted">{node.version ?? '–'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section className="panel">
              <h2>Backing-up domains</h2>
              {d.backingUp.length === 0 ? (
                <p className="muted">No domain is backing up.</p>
              ) : (
                <ul className={styles.backingUp} data-testid="backing-up">
                  {d.backingUp.map((v) => (
                    <li key={`${v.node}/${v.domain}`}>
                      <Link href={`/domains/${encodeURIComponent(v.domain)}`}>{v.domain}</Link> <span className="muted">on {v.node}</span> · {fmtInt(v.rcp)} rcpt
                      <div className="muted">{v.reasons.join(' · ')}</div>
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section className="panel">
              <h2>Largest backlogs</h2>
              <table className="data" data-testid="top-domains">
                <thead>
                  <tr>
                    <th>Domain</th>
                    <th className="num">Recipients</th>
                    <th className="num">Size</th>
                    <th className="num">Queues</th>
                    <th className="num">Backoff</th>
                    <th className="num">Paused</th>
                  </tr>
                </thead>
                <tbody>
                  {d.topDomains.map((t) => (
                    <tr key={t.domain}>
                      <td>
                        <Link href={`/domains/${encodeURIComponent(t.domain)}`}>{t.domain}</Link>
                      </td>
                      <td className="num">{fmtInt(t.rcp)}</td>
                      <td className="num">{fmtKb(t.kb)}</td>
                      <td className="num">{fmtInt(t.queues)}</td>
                      <td className="num">{fmtInt(t.backoff)}</td>
                      <td className="num">{fmtInt(t.paused)}</td>
                    </tr>
                  ))}
                  {d.otherDomains.domains > 0 ? (
                    <tr className="muted">
                      <td>{fmtInt(d.otherDomains.domains)} other domains</td>
                      <td className="num">{fmtInt(d.otherDomains.rcp)}</td>
                      <td className="num">{fmtKb(d.otherDomains.kb)}</td>
                      <td colSpan={3} />
                    </tr>
                  ) : null}
                </tbody>
              </table>
            </section>
          </>
        ) : null}
      </QueryState>
    </div>
  );
}
