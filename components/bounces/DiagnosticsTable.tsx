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
            <td className={`muted ${styles.list}`} title={g.categories.join(', ')}>
              {g.categories.join(', ')}
            </td>
            <td className={`muted ${styles.list}`} title={g.domains.join(', ')}>
              {g.domains.join(', ')}
            </td>
            <td className={styles.diag} title={g.sample ?? ''}>
              {g.sample ?? g.status ?? '–'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
