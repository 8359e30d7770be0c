'use client';
// Domains or vMTAs with their deliverability rates; a rate over its configured threshold is
// flagged (only with enough deliveries for the rate to mean something).
import Link from 'next/link';
import type { ReactNode } from 'react';
import type { GroupRow, Thresholds } from '@/lib/accounting/store/types';
import { fmtInt } from '@/lib/format';
import { fmtRate } from '@/lib/format';
import { SortableTh, useTableSort, type SortColumn } from '@/components/ui/SortableTh';
import styles from './Bounces.module.css';

const NONE_TITLE = {
  vmta: 'no vMTA in the accounting record: sent through the default virtual MTA',
  domain: 'no recipient domain in the accounting record',
  job: 'no jobId in the accounting record',
};
const LABEL = { domain: 'Domain', vmta: 'vMTA', job: 'Job' };

type Key = 'key' | 'delivered' | 'bounces' | 'hard' | 'remote' | 'bounceRate' | 'fbl' | 'complaintRate';
const COLUMNS: SortColumn<GroupRow, Key>[] = [
  { key: 'key', value: (r) => r.key },
  { key: 'delivered', value: (r) => r.delivered, numeric: true },
  { key: 'bounces', value: (r) => r.bounces, numeric: true },
  { key: 'hard', value: (r) => r.hard, numeric: true },
  { key: 'remote', value: (r) => r.remoteBounces, numeric: true },
  { key: 'bounceRate', value: (r) => r.bounceRate, numeric: true },
  { key: 'fbl', value: (r) => r.fbl, numeric: true },
  { key: 'complaintRate', value: (r) => r.complaintRate, numeric: true },
];

export function RatesTable({
  rows,
  what,
  thresholds,
  onPick,
  testId,
  actions,
}: {
  rows: GroupRow[];
  what: 'domain' | 'vmta' | 'job';
  /** A cell of actions per row (the job rows' pause/resume); none for the '' key. */
  actions?: (key: string) => ReactNode;
  thresholds: Thresholds;
  onPick?: (key: string) => void;
  testId: string;
}) {
  const { sorted, state, onSort } = useTableSort(rows, COLUMNS, { key: 'bounces', dir: 'desc' });
  const th = { state, onSort };
  if (rows.length === 0) return <p className="muted">Nothing ingested for this filter yet.</p>;
  return (
    <table className="data" data-testid={testId}>
      <thead>
        <tr>
          <SortableTh k="key" {...th} title={what === 'vmta' ? '(none): records without a vMTA — sent through the default virtual MTA' : undefined}>
            {LABEL[what]}
          </SortableTh>
          <SortableTh k="delivered" num {...th}>
            Delivered
          </SortableTh>
          <SortableTh k="bounces" num {...th}>
            Bounces
          </SortableTh>
          <SortableTh k="hard" num {...th}>
            Hard
          </SortableTh>
          <SortableTh k="remote" num {...th} title="Remote bounces: bounces the receiving server sent back after accepting the message (accounting type rb)">
            Remote
          </SortableTh>
          <SortableTh k="bounceRate" num {...th} title={`flagged above ${thresholds.bounceRatePct}%`}>
            Bounce rate
          </SortableTh>
          <SortableTh k="fbl" num {...th}>
            Complaints
          </SortableTh>
          <SortableTh k="complaintRate" num {...th} title={`flagged above ${thresholds.complaintRatePct}%`}>
            Complaint rate
          </SortableTh>
          {actions ? <th /> : null}
        </tr>
      </thead>
      <tbody>
        {sorted.map((r) => (
          <tr key={r.key} data-testid={`${what}-rate-row`}>
            <td>
              {onPick ? (
                <button type="button" className={styles.linkButton} onClick={() => onPick(r.key)} title="Filter this page">
                  {r.key || <span title={NONE_TITLE[what]}>(none)</span>}
                </button>
              ) : (
                r.key || (
                  <span className="muted" title={NONE_TITLE[what]}>
                    (none)
                  </span>
                )
              )}
              {what === 'domain' && r.key ? (
                <>
                  {' '}
                  <Link prefetch={false} href={`/domains/${encodeURIComponent(r.key)}`} className="muted" title="Domain drill-down">
                    →
                  </Link>
                </>
              ) : null}
              {what === 'job' && r.key ? (
                <>
                  {' '}
                  <Link prefetch={false} href={`/jobs/${encodeURIComponent(r.key)}`} className="muted" title="Job drill-down">
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
            {actions ? <td>{r.key ? actions(r.key) : null}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
