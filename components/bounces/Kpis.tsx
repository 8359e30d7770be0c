'use client';
import type { BouncesResponse } from '@/lib/accounting/store/types';
import { fmtInt } from '@/lib/format';
import { fmtRate } from '@/lib/format';
import styles from './Bounces.module.css';

function Kpi({ label, value, sub, warn, testId, title }: { label: string; value: string; sub?: string; warn?: boolean; testId: string; title?: string }) {
  return (
    <div className="panel" title={title}>
      <div className="muted">{label}</div>
      <div className={`${styles.kpiValue} ${warn ? styles.warnCell : ''}`} data-testid={testId}>
        {value}
      </div>
      {sub ? <div className="muted">{sub}</div> : null}
    </div>
  );
}

/** Headline numbers for the current filter, rates flagged against the configured thresholds. */
export function BounceKpis({ d, range }: { d: BouncesResponse; range: string }) {
  const t = d.totals;
  return (
    <>
      <div className="muted" data-testid="bounce-range-caption">
        Figures for: <strong>{range}</strong>
      </div>
      <div className={styles.kpis}>
        <Kpi label="Delivered" value={fmtInt(t.delivered)} testId="kpi-delivered" />
        <Kpi
          label="Bounces"
          value={fmtInt(t.bounces)}
          sub={`${fmtInt(t.hard)} hard · ${fmtInt(t.soft)} soft${t.custom ? ` · ${fmtInt(t.custom)} custom` : ''}`}
          testId="kpi-bounces"
        />
        <Kpi label="Bounce rate" value={fmtRate(t.bounceRate)} sub={`warn above ${d.thresholds.bounceRatePct}%`} warn={t.bounceWarn} testId="kpi-bounce-rate" />
        <Kpi label="Complaints (FBL)" value={fmtInt(t.fbl)} testId="kpi-fbl" />
        <Kpi
          label="Complaint rate"
          value={fmtRate(t.complaintRate)}
          sub={`warn above ${d.thresholds.complaintRatePct}%`}
          warn={t.complaintWarn}
          testId="kpi-complaint-rate"
        />
        <Kpi label="Deferrals" value={fmtInt(t.transient)} sub={`${fmtInt(t.tq)} queue-level failures (tq)`} testId="kpi-transient" />
        <Kpi
          label="Remote bounces"
          value={fmtInt(t.remoteBounces)}
          sub={`${fmtInt(t.remoteStatus)} remote status`}
          title="Remote bounces: bounces the receiving server sent back after accepting the message (accounting type rb). Remote status: delivery status notifications it sent back (type rs)."
          testId="kpi-rb"
        />
      </div>
    </>
  );
}
