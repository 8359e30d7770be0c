'use client';
// What needs attention first: the domains whose bounce or complaint rate is over its configured
// threshold (among the top domains the page shows), each a link to that domain on this page.
import type { GroupRow, Thresholds } from '@/lib/accounting/store/types';
import { fmtRate } from '@/lib/format';
import styles from './Bounces.module.css';

function Names({ rows, rate, onPick }: { rows: GroupRow[]; rate: (r: GroupRow) => number | null; onPick: (k: string) => void }) {
  return (
    <>
      {rows.map((r, i) => (
        <span key={r.key}>
          {i > 0 ? ', ' : ' '}
          <button type="button" className={styles.linkButton} onClick={() => onPick(r.key)} title="Filter this page to the domain">
            {r.key || '(none)'}
          </button>{' '}
          <span className="muted">({fmtRate(rate(r))})</span>
        </span>
      ))}
    </>
  );
}

export function FlaggedStrip({ domains, thresholds, onPick }: { domains: GroupRow[]; thresholds: Thresholds; onPick: (k: string) => void }) {
  const bounce = domains.filter((d) => d.bounceWarn);
  const complaint = domains.filter((d) => d.complaintWarn);
  const plural = (n: number) => `${n} domain${n === 1 ? '' : 's'}`;
  return (
    <div className={`panel ${bounce.length + complaint.length ? '' : 'muted'}`} data-testid="bounce-flagged">
      <strong>Flagged:</strong>{' '}
      <span data-testid="flagged-bounce">
        {plural(bounce.length)} over the bounce threshold ({thresholds.bounceRatePct}%)
        {bounce.length ? ':' : ''}
        <Names rows={bounce} rate={(r) => r.bounceRate} onPick={onPick} />
      </span>
      {' · '}
      <span data-testid="flagged-complaint">
        {plural(complaint.length)} over the complaint threshold ({thresholds.complaintRatePct}%)
        {complaint.length ? ':' : ''}
        <Names rows={complaint} rate={(r) => r.complaintRate} onPick={onPick} />
      </span>
    </div>
  );
}
