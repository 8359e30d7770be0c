'use client';
// Bounce and complaint panel for a domain's drill-down page: the domain's totals and rates,
// its bounce categories, complaints by reported domain and its recent diagnostics. Renders
// no panel frame of its own: DomainPage's `bounces` slot provides the <section class="panel">.
import Link from 'next/link';
import { fmtInt } from '@/lib/format';
import { QueryState } from '@/components/ui/QueryState';
import { DiagnosticsTable } from './DiagnosticsTable';
import { fmtRate } from '@/lib/format';
import { useBouncesQuery } from '@/lib/query/bounces';
import styles from './Bounces.module.css';

export function DomainBouncePanel({ domain }: { domain: string }) {
  const q = useBouncesQuery({ domain: domain.toLowerCase() });
  const d = q.data;
  const t = d?.totals;
  const cats = d?.byCategory.filter((c) => c.bounces + c.remoteBounces > 0) ?? [];
  return (
    <div className={styles.page} data-testid="domain-bounce-panel">
      <h2>
        Bounces &amp; complaints{' '}
        <Link prefetch={false} href={`/bounces?domain=${encodeURIComponent(domain)}`} className="muted">
          (bounces page →)
        </Link>
      </h2>
      <QueryState isPending={q.isPending} error={q.error} what="bounce data">
        {d && t ? (
          <>
            <div className={styles.kpis}>
              <div>
                <div className="muted">Delivered</div>
                <div className={styles.kpiValue}>{fmtInt(t.delivered)}</div>
              </div>
              <div>
                <div className="muted">Bounces</div>
                <div className={styles.kpiValue} data-testid="domain-bounces">
                  {fmtInt(t.bounces)}
                </div>
                <div className="muted">
                  {fmtInt(t.hard)} hard · {fmtInt(t.soft)} soft
                </div>
              </div>
              <div>
                <div className="muted">Bounce rate</div>
                <div className={`${styles.kpiValue} ${t.bounceWarn ? styles.warnCell : ''}`}>{fmtRate(t.bounceRate)}</div>
              </div>
              <div>
                <div className="muted">Complaints</div>
                <div className={styles.kpiValue} data-testid="domain-fbl">
                  {fmtInt(t.fbl)}
                </div>
              </div>
              <div>
                <div className="muted">Complaint rate</div>
                <div className={`${styles.kpiValue} ${t.complaintWarn ? styles.warnCell : ''}`}>{fmtRate(t.complaintRate)}</div>
              </div>
              <div>
                <div className="muted">Deferrals</div>
                <div className={styles.kpiValue}>{fmtInt(t.transient)}</div>
              </div>
            </div>
            <div className={styles.two}>
              <table className="data">
                <thead>
                  <tr>
                    <th>Category</th>
                    <th>Class</th>
                    <th className="num">Bounces</th>
                    <th className="num">Remote</th>
                  </tr>
                </thead>
                <tbody>
                  {cats.map((c) => (
                    <tr key={c.category}>
                      <td>{c.category || '(none)'}</td>
                      <td>{c.class}</td>
                      <td className="num">{fmtInt(c.bounces)}</td>
                      <td className="num">{fmtInt(c.remoteBounces)}</td>
                    </tr>
                  ))}
                  {cats.length === 0 ? (
                    <tr>
                      <td colSpan={4} className="muted">
                        No bounces.
                      </td>
                    </tr>
                  ) : null}
                </tbody>
              </table>
              <table className="data">
                <thead>
                  <tr>
                    <th>Complaints about</th>
                    <th className="num">Count</th>
                  </tr>
                </thead>
                <tbody>
                  {d.fbl.byReportedDomain.map((f) => (
                    <tr key={f.reportedDomain}>
                      <td>{f.reportedDomain || '(none)'}</td>
                      <td className="num">{fmtInt(f.total)}</td>
                    </tr>
                  ))}
                  {d.fbl.byReportedDomain.length === 0 ? (
                    <tr>
                      <td colSpan={2} className="muted">
                        No complaints.
                      </td>
                    </tr>
                  ) : null}
                </tbody>
              </table>
            </div>
            <DiagnosticsTable groups={d.diagnostics.slice(0, 10)} />
          </>
        ) : null}
      </QueryState>
    </div>
  );
}
