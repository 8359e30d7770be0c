'use client';
// Domains or vMTAs with their deliverability rates; a rate over its configured threshold is
// flagged (only with enough deliveries for the rate to mean something).
import Link from 'next/link';
import type { GroupRow, Thresholds } from '@/lib/accounting/store/types';
import { fmtInt } from '@/lib/format';
import { fmtRate } from '@/lib/format';
import styles from './Bounces.module.css';

export function RatesTable({ rows, what, thresholds, onPick, testId }: { rows: GroupRow[]; what: 'domain' | 'vmta'; thresholds: Thresholds; onPick?: (key: string) => void; testId: string }) {
  if (rows.length === 0) return <p className="muted">Nothing ingested for this filter yet.</p>;
  return (
    <table className="data" data-testid={testId}>
      <thead>
        <tr>
          <th>{what === 'domain' ? 'Domain' : 'vMTA'}</th>
          <th className="num">Delivered</th>
          <th className="num">Bounces</th>
          <th className="num">Hard</th>
          <th className="num">Remote</th>
          <th className="num" title={`flagged above ${thresholds.bounceRatePct}%`}>Bounce rate</th>
          <th className="num">Complaints</th>
          <th className="num" title={`flagged above ${thresholds.complaintRatePct}%`}>Complaint rate</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-testid={`${what}-rate-row`}>
            <td>
              {onPick ? (
                <button type="button" className={styles.linkButton} onClick={() => onPick(r.key)} title="Filter this page">
                  {r.key || '(none)'}
                </button>
              ) : (
                r.key || <span className="muted">(none)</span>
              )}
              {what === 'domain' && r.key ? (
                <>
                  {' '}
                  <Link prefetch={false} href={`/domains/${encodeURIComponent(r.key)}`} className="muted" title="Domain drill-down">
                    →
                  </Link>
                </>
              ) : null}
            </td>
            <td className="num">{fmtInt(r.delivered)}</td>
            <td className="num">{fmtInt(r.bounces)}</td>
            <td className="num">{fmtInt(r.hard)}</td>
            <td className="num">{fmtInt(r.remoteBounces)}</td>
            <td className={`num ${r.bounceWarn ? styles.warnCell : ''}`}>{fmtRate(r.bounceRate)}</td>
            <td className="num">{fmtInt(r.fbl)}</td>
            <td className={`num ${r.complaintWarn ? styles.warnCell : ''}`}>{fmtRate(r.complaintRate)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
