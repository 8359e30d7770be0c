'use client';
// Ready-made sections for the lead to place: they read and write `?period=` themselves.
// useSearchParams needs a Suspense boundary in the App Router, so each section brings one.
import { Suspense } from 'react';
import { PeriodSwitcher } from './PeriodSwitcher';
import { BackoffQueuesChart, FleetRateChart, TopDomainsBacklogChart } from './FleetCharts';
import { DomainHistoryChart } from './DomainHistoryChart';
import { DrainEtaPanel } from './DrainEtaPanel';
import { useHistoryPeriod } from './use-history';

function OverviewHistoryInner({ node }: { node?: string }) {
  const [period, setPeriod] = useHistoryPeriod();
  return (
    <section className="panel" data-testid="overview-history">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <h2>Trends</h2>
        <PeriodSwitcher value={period} onChange={setPeriod} />
      </div>
      <h3>Delivery rate</h3>
      <FleetRateChart period={period} node={node} />
      <h3>Backlog, top 10 domains</h3>
      <TopDomainsBacklogChart period={period} node={node} />
      <h3>Queues in backoff</h3>
      <BackoffQueuesChart period={period} node={node} />
    </section>
  );
}

/** Overview: period switcher + fleet rate, top-10 domain backlog and backoff charts. */
export function OverviewHistory({ node }: { node?: string }) {
  return (
    <Suspense fallback={<div className="muted">Loading trends…</div>}>
      <OverviewHistoryInner node={node} />
    </Suspense>
  );
}

function DomainHistoryInner({ domain, node }: { domain: string; node?: string }) {
  const [period, setPeriod] = useHistoryPeriod();
  return (
    <section className="panel" data-testid="domain-history-panel">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <h2>History</h2>
        <PeriodSwitcher value={period} onChange={setPeriod} />
      </div>
      <DrainEtaPanel domain={domain} />
      <DomainHistoryChart domain={domain} period={period} node={node} />
    </section>
  );
}

/** Domain drill-down: period switcher, drain ETA / expiry risk, backlog per vMTA with backoff and actions, delivered rate. */
export function DomainHistory({ domain, node }: { domain: string; node?: string }) {
  return (
    <Suspense fallback={<div className="muted">Loading history…</div>}>
      <DomainHistoryInner domain={domain} node={node} />
    </Suspense>
  );
}
