'use client';
// Recent bounce diagnostics (the last N per node) grouped by provider signature: which
// provider said what, how often, to which domains, with the newest reply text.
import type { DiagnosticGroup } from '@/lib/accounting/store/types';
import { fmtExact, fmtInt } from '@/lib/format';
import styles from './Bounces.module.css';

export function DiagnosticsTable({ groups }: { groups: DiagnosticGroup[] }) {
  if (groups.length === 0) return <p className="muted">No bounce diagnostics in this range.</p>;
  return (
    <table className="data" data-testid="diagnostics">
      <thead>
        <tr>
          <th>Signature</th>
          <th>Provider</th>
          <th className="num">Count</th>
          <th>Last</th>
          <th>Categories</th>
          <th>Domains</th>
          <th>Latest diagnostic</th>
        </tr>
      </thead>
      <tbody>
        {groups.map((g) => (
          <tr key={`${g.provider}/${g.signature}`} data-testid="diag-row">
            <td title={g.signature} className={styles.nowrap}>
              {g.label}
            </td>
            <td>{g.provider}</td>
            <td className="num">{fmtInt(g.count)}</td>
            <td className={`muted ${styles.nowrap}`} title={fmtExact(g.lastAt)}>
              {fmtExact(g.lastAt).slice(11)}
            </td>
            {/* Cells cannot cap their own width in an auto table layout; an inner block can. */}
            <td className="muted" title={g.categories.join(', ')}>
              <div className={styles.list}>{g.categories.join(', ')}</div>
            </td>
            <td className="muted" title={g.domains.join(', ')}>
              <div className={styles.list}>{g.domains.join(', ')}</div>
            </td>
            <td title={g.sample ?? ''}>
              <div className={styles.diag}>{g.sample ?? g.status ?? '–'}</div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
