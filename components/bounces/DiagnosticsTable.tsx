'use client';
// Recent bounce diagnostics (the last N per node) grouped by provider signature: which
// provider said what, how often, to which domains, with the newest reply text.
import type { DiagnosticGroup } from '@/lib/accounting/store/types';
import { fmtExact, fmtInt } from '@/lib/format';
import { SortableTh, useTableSort, type SortColumn } from '@/components/ui/SortableTh';
import styles from './Bounces.module.css';

type Key = 'label' | 'provider' | 'count' | 'lastAt';
const COLUMNS: SortColumn<DiagnosticGroup, Key>[] = [
  { key: 'label', value: (g) => g.label },
  { key: 'provider', value: (g) => g.provider },
  { key: 'count', value: (g) => g.count, numeric: true },
  { key: 'lastAt', value: (g) => g.lastAt, numeric: true },
];

export function DiagnosticsTable({ groups }: { groups: DiagnosticGroup[] }) {
  const { sorted, state, onSort } = useTableSort(groups, COLUMNS, { key: 'count', dir: 'desc' });
  const th = { state, onSort };
  if (groups.length === 0) return <p className="muted">No bounce diagnostics in this range.</p>;
  return (
    <table className="data" data-testid="diagnostics">
      <thead>
        <tr>
          <SortableTh k="label" {...th}>
            Signature
          </SortableTh>
          <SortableTh k="provider" {...th}>
            Provider
          </SortableTh>
          <SortableTh k="count" num {...th}>
            Count
          </SortableTh>
          <SortableTh k="lastAt" {...th}>
            Last
          </SortableTh>
          <th>Categories</th>
          <th>Domains</th>
          <th>Latest diagnostic</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((g) => (
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
