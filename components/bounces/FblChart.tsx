'use client';
// Feedback-loop complaints over time, stacked by feedback type, plus complaints by the
// reported (sending) domain. The total sits in the heading, exact, for people and tests.
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { BouncesResponse } from '@/lib/accounting/store/types';
import { fmtAxisTime, fmtExact, fmtInt } from '@/lib/format';
import { seriesColor } from '@/components/charts/palette';
import { SortableTh, useTableSort, type SortColumn } from '@/components/ui/SortableTh';
import styles from './Bounces.module.css';

type DomainKey = 'domain' | 'total';
const DOMAIN_COLUMNS: SortColumn<BouncesResponse['fbl']['byReportedDomain'][number], DomainKey>[] = [
  { key: 'domain', value: (d) => d.reportedDomain },
  { key: 'total', value: (d) => d.total, numeric: true },
];

const fmtTooltip = (v: unknown) => `${fmtInt(typeof v === 'number' ? v : Number(v))} complaints`;
const fmtLabel = (v: unknown) => (typeof v === 'number' ? fmtExact(v) : String(v));
const HEIGHT = 220;

export function FblChart({ fbl }: { fbl: BouncesResponse['fbl'] }) {
  const types = Object.keys(fbl.byFeedbackType).sort();
  // Feedback types come from the files: as data keys a type `t` would overwrite the time and
  // `a.b` would be read as a path by Recharts, so each type gets an index key instead.
  const points = fbl.overTime.map((p) => {
    const row: Record<string, number> = { t: p.t };
    types.forEach((type, i) => {
      if (Object.hasOwn(p.byType, type)) row[`f${i}`] = p.byType[type] as number;
    });
    return row;
  });
  // Hour buckets span days: show the day with the time (the same axis rule as the history charts).
  const fmtTick = (v: number) => fmtAxisTime(v, fbl.bucketMs >= 3_600_000 ? Infinity : 0);
  const { sorted, state, onSort } = useTableSort(fbl.byReportedDomain, DOMAIN_COLUMNS, { key: 'total', dir: 'desc' });
  const total = types.reduce((s, t) => s + (fbl.byFeedbackType[t] ?? 0), 0);
  return (
    <div className="grid">
      <div className="muted">
        <span data-testid="fbl-total">{fmtInt(total)}</span> complaints
        {types.map((t) => (
          <span key={t} data-testid={`fbl-type-${t}`}>
            {' '}
            · {t}: {fmtInt(fbl.byFeedbackType[t])}
          </span>
        ))}{' '}
        · {fbl.bucketMs / 60_000}-minute buckets (UTC)
      </div>
      <div className={styles.split}>
        <div style={{ height: HEIGHT }} data-testid="fbl-chart" data-points={points.length}>
          {points.length === 0 ? (
            <div className="muted" style={{ height: HEIGHT, display: 'grid', placeItems: 'center' }}>
              No complaints in this range.
            </div>
          ) : (
            <BarChart responsive style={{ width: '100%', height: HEIGHT }} data={points} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
              {/* A numeric time axis: buckets sit at their real time, so hours without complaints are gaps, not squeezed out. */}
              <XAxis
                dataKey="t"
                type="number"
                scale="time"
                domain={[(min: number) => min - fbl.bucketMs / 2, (max: number) => max + fbl.bucketMs / 2]}
                tickFormatter={fmtTick}
                stroke="var(--muted)"
                fontSize={11}
                minTickGap={30}
              />
              <YAxis allowDecimals={false} stroke="var(--muted)" fontSize={11} width={40} />
              <Tooltip
                labelFormatter={fmtLabel}
                formatter={fmtTooltip}
                isAnimationActive={false}
                contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', fontSize: 12 }}
              />
              <Legend wrapperStyle={{ fontSize: 11 }} />
              {types.map((t, i) => (
                <Bar key={t} dataKey={`f${i}`} name={t} stackId="fbl" fill={seriesColor(i, t)} isAnimationActive={false} />
              ))}
            </BarChart>
          )}
        </div>
        <table className="data" data-testid="fbl-domains">
          <thead>
            <tr>
              <SortableTh k="domain" state={state} onSort={onSort} title="The sending domain the complaint report names">
                Reported domain
              </SortableTh>
              <SortableTh k="total" num state={state} onSort={onSort}>
                Complaints
              </SortableTh>
              <th>By feedback type</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((d) => (
              <tr key={d.reportedDomain} data-testid="fbl-domain-row">
                <td>{d.reportedDomain || <span className="muted">(none)</span>}</td>
                <td className="num">{fmtInt(d.total)}</td>
                <td className="muted">
                  {Object.entries(d.byType)
                    .map(([t, n]) => `${t} ${fmtInt(n)}`)
                    .join(' · ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
