'use client';
import { QueryState } from '@/components/ui/QueryState';
import { BounceFilters, useBounceView } from './BounceFilters';
import { CategoryChart } from './CategoryChart';
import { DiagnosticsTable } from './DiagnosticsTable';
import { FblChart } from './FblChart';
import { IngestionTable } from './IngestionTable';
import { BounceKpis } from './Kpis';
import { RatesTable } from './RatesTable';
import { FlaggedStrip } from './FlaggedStrip';
import { rangeCaption } from './bounce-view';
import { useBouncesQuery } from '@/lib/query/bounces';
import styles from './Bounces.module.css';
import { useState } from 'react';
import { useActDenial } from '@/lib/query/session';
import type { ToolBody } from '@/lib/query/toolbox';
import { ToolActionDialog } from '@/components/toolbox/ToolActionDialog';

/** Bounces and feedback-loop complaints from the nodes' accounting files. */
export function BouncesPage() {
  const [view, set] = useBounceView();
  const q = useBouncesQuery(view);
  const d = q.data;
  const nodes = d?.ingestion.map((i) => i.node) ?? [];
  // Per-job rows: pause or resume the job on every node, through the toolbox's preview and confirmation.
  const canAct = !useActDenial().denial;
  const [body, setBody] = useState<ToolBody | null>(null);
  const jobActions = (job: string) => (
    <span className="row">
      <button type="button" onClick={() => setBody({ action: 'pause-job', job, nodes: 'all' })} data-testid="bounce-job-pause">
        Pause job
      </button>
      <button type="button" onClick={() => setBody({ action: 'resume-job', job, nodes: 'all' })} data-testid="bounce-job-resume">
        Resume job
      </button>
    </span>
  );
  return (
    // minmax(0, 1fr): a wide table scrolls inside its panel instead of widening the page.
    <div className={styles.page}>
      <h1>Bounces &amp; complaints</h1>
      <BounceFilters view={view} set={set} nodes={view.node && !nodes.includes(view.node) ? [...nodes, view.node] : nodes} />
      <QueryState isPending={q.isPending} error={q.error} what="bounce data">
        {d ? (
          <>
            <BounceKpis d={d} range={rangeCaption(view, d.generatedAt)} />
            <FlaggedStrip domains={d.topDomains} thresholds={d.thresholds} onPick={(k) => set({ domain: k || null })} />
            <div className={styles.two}>
              <section className="panel">
                <h2>Bounces by category</h2>
                <CategoryChart categories={d.byCategory} />
              </section>
              <section className="panel">
                <h2>Feedback-loop complaints</h2>
                <FblChart fbl={d.fbl} />
              </section>
            </div>
            <div className={styles.two}>
              <section className="panel">
                <h2>Top bouncing domains</h2>
                <RatesTable rows={d.topDomains} what="domain" thresholds={d.thresholds} onPick={(k) => set({ domain: k || null })} testId="top-domains" />
              </section>
              <section className="panel">
                <h2>vMTAs</h2>
                <RatesTable rows={d.vmtas} what="vmta" thresholds={d.thresholds} onPick={(k) => set({ vmta: k || null })} testId="vmta-rates" />
              </section>
            </div>
            <section className="panel">
              <h2>Jobs</h2>
              {body ? <ToolActionDialog body={body} onClose={() => setBody(null)} /> : null}
              <RatesTable rows={d.jobs} what="job" thresholds={d.thresholds} testId="job-rates" actions={canAct ? jobActions : undefined} />
            </section>
            <section className="panel">
              <h2>Recent bounce diagnostics by provider signature</h2>
              <DiagnosticsTable groups={d.diagnostics} />
            </section>
            <section className="panel">
              <h2>Accounting ingestion</h2>
              <IngestionTable nodes={d.ingestion} />
            </section>
          </>
        ) : null}
      </QueryState>
    </div>
  );
}
