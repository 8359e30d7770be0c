'use client';
import { DriftList } from '@/components/ledger/DriftList';
import { LicenseWarnings } from '@/components/toolbox/LicenseWarnings';
import { LicenseCell } from '@/components/toolbox/LicenseCell';
import { FiringAlerts } from '@/components/alerts/FiringAlerts';
import Link from 'next/link';
import type { ReactNode } from 'react';
import type { NodeTotals, OverviewResponse } from '@/lib/api/responses';
import { fmtInt, fmtKb, fmtPct } from '@/lib/format';
import { useOverviewQuery } from '@/lib/query/overview';
import { HealthBadge } from '@/components/ui/HealthBadge';
import { QueryState } from '@/components/ui/QueryState';
import { NodeClockCell, TruncatedBadge } from '@/components/ui/NodeInstallBadges';
import { RelativeTime } from '@/components/ui/RelativeTime';
import { Meter } from '@/components/ui/Meter';
import { StaleBadge } from '@/components/ui/StaleBadge';
import { OverviewHistory } from '@/components/history/HistoryPanels';
import { BackingUpList, ConsolePausedList } from './BackingUpList';
import styles from './OverviewPage.module.css';

function Kpi({
  label,
  value,
  unit,
  sub,
  testId,
  children,
  partial,
}: {
  label: string;
  value: string;
  /** The value's unit ("rcpt/min", "rcpt", "queues"), shown after it (outside the test id: the figure stays a number). */
  unit?: string;
  sub?: string;
  testId: string;
  children?: ReactNode;
  partial?: boolean;
}) {
  return (
    <div className={`panel ${styles.kpi}`}>
      <div className="muted">
        {label}
        {partial ? (
          <span className="badge warn" data-testid="kpi-partial">
            {' '}
            partial
          </span>
        ) : null}
      </div>
      <div className={styles.kpiFigure}>
        <div className={styles.kpiValue} data-testid={testId}>
          {value}
        </div>
        {unit ? <span className={styles.kpiUnit}>{unit}</span> : null}
      </div>
      {sub ? <div className="muted">{sub}</div> : null}
      {children}
    </div>
  );
}

type LeftOut = OverviewResponse['partial'][number];

/** "partial — PMTA3 down 38 s": the tiles add up live nodes only, and say which are missing. */
export function partialText(partial: LeftOut[]): string {
  return `partial — ${partial.map((p) => `${p.name} ${p.state}${p.dataAgeSeconds !== null ? ` ${fmtInt(p.dataAgeSeconds)} s` : ''}`).join(', ')}`;
}

function FleetKpis({ t, partial }: { t: NodeTotals; partial: LeftOut[] }) {
  return (
    <>
      {partial.length ? (
        <div
          className="badge warn"
          data-testid="fleet-partial"
          role="status"
          title="Fleet figures add up the nodes with live data only; the nodes named here are left out (their own rows show their last data and its age)."
        >
          {partialText(partial)} · fleet figures cover the live nodes only
        </div>
      ) : null}
      <div className={styles.kpis} data-partial={partial.length ? 'true' : undefined}>
        <Kpi
          partial={partial.length > 0}
          label="Delivered"
          value={fmtInt(t.lastMin.out.rcp)}
          unit="rcpt/min"
          sub={`${fmtInt(t.lastHr.out.rcp)} rcpt in the last hour`}
          testId="kpi-out-min"
        />
        <Kpi
          partial={partial.length > 0}
          label="Received"
          value={fmtInt(t.lastMin.in.rcp)}
          unit="rcpt/min"
          sub={`${fmtInt(t.lastHr.in.rcp)} rcpt in the last hour`}
          testId="kpi-in-min"
        />
        <Kpi
          partial={partial.length > 0}
          label="Queued recipients"
          value={fmtInt(t.queued.rcp)}
          unit="rcpt"
          sub={`${fmtInt(t.queued.domains)} domains · ${fmtKb(t.queued.kb)}`}
          testId="kpi-queued"
        />
        <Kpi
          partial={partial.length > 0}
          label="Outbound connections"
          value={fmtInt(t.connOut.cur)}
          unit="conn"
          sub={`of ${fmtInt(t.connOut.max)} max (${fmtPct(t.connOut.cur, t.connOut.max)})`}
          testId="kpi-conn-out"
        >
          <Meter value={t.connOut.cur} max={t.connOut.max} label="Outbound connections vs max" />
        </Kpi>
        <Kpi
          partial={partial.length > 0}
          label="Inbound connections"
          value={fmtInt(t.connIn.cur)}
          unit="conn"
          sub={`of ${fmtInt(t.connIn.max)} max`}
          testId="kpi-conn-in"
        >
          <Meter value={t.connIn.cur} max={t.connIn.max} label="Inbound connections vs max" />
        </Kpi>
        <Kpi
          partial={partial.length > 0}
          label="Queues in backoff"
          value={fmtInt(t.backoffQueues)}
          unit="queues"
          sub={`${fmtInt(t.pausedQueues)} paused · ${fmtInt(t.queues)} queues`}
          testId="kpi-backoff"
        />
        <Kpi
          partial={partial.length > 0}
          label="Spool use"
          value={fmtPct(t.spool.rcp, t.spool.maxRcp)}
          sub={`${fmtInt(t.spool.rcp)} of ${fmtInt(t.spool.maxRcp)} rcpt`}
          testId="kpi-spool"
        >
          <Meter value={t.spool.rcp} max={t.spool.maxRcp} label="Spool use" />
        </Kpi>
        <Kpi
          partial={partial.length > 0}
          label="Bounces / FBL processed"
          value={`${fmtInt(t.bounceProcessed)} / ${fmtInt(t.feedbackLoopProcessed)}`}
          unit="msg"
          sub="since start or counter reset"
          testId="kpi-bounces"
        />
      </div>
    </>
  );
}

/** "this replica", "replica <id>", or "nobody" between a replica's death and the takeover. */
function polledByLabel(p: { replica: string | null; self: boolean } | null | undefined): string {
  if (!p?.replica) return 'nobody (taking over)';
  return p.self ? 'this replica' : `replica ${p.replica}`;
}

export function OverviewPage() {
  const q = useOverviewQuery();
  const d = q.data;
  const shared = d?.nodes.some(({ node }) => node.polledBy) ?? false;
  return (
    <div className="grid">
      <h1>Fleet overview</h1>
      <FiringAlerts />
      <DriftList />
      <LicenseWarnings />
      <QueryState isPending={q.isPending} error={q.error} what="the fleet overview">
        {d ? (
          <>
            <FleetKpis t={d.fleet} partial={d.partial} />
            <section className="panel" id="node-health">
              <h2>Nodes</h2>
              <table className="data" data-testid="nodes-table">
                <thead>
                  <tr>
                    <th>Node</th>
                    <th>Health</th>
                    <th>Last data</th>
                    <th>Last poll</th>
                    <th className="num">Out (rcpt/min)</th>
                    <th className="num">In (rcpt/min)</th>
                    <th className="num">Out (rcpt/h)</th>
                    <th className="num">Conn out</th>
                    <th className="num">Queued rcpt</th>
                    <th className="num">Queued size</th>
                    <th className="num">Backoff (queues)</th>
                    <th>Version</th>
                    <th>Licence expires</th>
                    <th>Clock</th>
                    {shared ? <th>Polled by</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {d.nodes.map(({ node, totals }) => (
                    <tr key={node.id} data-testid={`node-row-${node.id}`}>
                      <td title={node.address}>{node.name}</td>
                      <td title={node.health.message ?? undefined}>
                        <HealthBadge health={node.health} /> <StaleBadge node={node} generatedAt={d.generatedAt} pollIntervalSeconds={d.pollIntervalSeconds} />{' '}
                        <TruncatedBadge node={node} />
                        {node.health.message ? <div className="muted">{node.health.message}</div> : null}
                      </td>
                      <td>
                        <RelativeTime at={node.dataAt} />
                      </td>
                      <td className="muted">
                        <RelativeTime at={node.health.lastAttemptAt} />
                        {node.health.lastPollMs !== null ? ` · ${fmtInt(node.health.lastPollMs)} ms` : ''}
                      </td>
                      <td className="num" data-testid="node-out-min">
                        {fmtInt(totals?.lastMin.out.rcp)}
                      </td>
                      <td className="num">{fmtInt(totals?.lastMin.in.rcp)}</td>
                      <td className="num">{fmtInt(totals?.lastHr.out.rcp)}</td>
                      <td className="num">
                        {fmtInt(totals?.connOut.cur)} / {fmtInt(totals?.connOut.max)}
                        <Meter value={totals?.connOut.cur ?? null} max={totals?.connOut.max ?? null} label={`${node.name} connections vs max`} />
                      </td>
                      <td className="num" data-testid="node-queued">
                        {fmtInt(totals?.queued.rcp)}
                      </td>
                      <td className="num">{fmtKb(totals?.queued.kb)}</td>
                      <td className="num">{fmtInt(totals?.backoffQueues)}</td>
                      <td className="muted">{node.version ?? '–'}</td>
                      <td>
                        <LicenseCell node={node.id} />
                      </td>
                      <td>
                        <NodeClockCell node={node} />
                      </td>
                      {shared ? (
                        <td
                          className="muted"
                          data-testid="node-polled-by"
                          title={node.polledBy?.generation != null ? `lease generation ${node.polledBy.generation}` : undefined}
                        >
                          {polledByLabel(node.polledBy)}
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section className="panel">
              <h2>Backing-up domains</h2>
              <BackingUpList verdicts={d.backingUp} />
              {d.pausedByConsole.length ? (
                <>
                  <h3>Paused from this console</h3>
                  <ConsolePausedList pauses={d.pausedByConsole} />
                </>
              ) : null}
            </section>
            <OverviewHistory />
            <section className="panel">
              <h2>Largest backlogs</h2>
              <table className="data" data-testid="top-domains">
                <thead>
                  <tr>
                    <th>Domain</th>
                    <th className="num">Recipients (rcpt)</th>
                    <th className="num">Size</th>
                    <th className="num">Queues</th>
                    <th className="num">Backoff (queues)</th>
                    <th className="num">Paused (queues)</th>
                  </tr>
                </thead>
                <tbody>
                  {d.topDomains.map((t) => (
                    <tr key={t.domain}>
                      <td>
                        <Link prefetch={false} href={`/domains/${encodeURIComponent(t.domain)}`}>
                          {t.domain}
                        </Link>
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
