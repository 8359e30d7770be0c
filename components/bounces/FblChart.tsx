'use client';
// Feedback-loop complaints over time, stacked by feedback type, plus complaints by the
// reported (sending) domain. The total sits in the heading, exact, for people and tests.
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { BouncesResponse } from '@/lib/accounting/store/types';
import { fmtExact, fmtInt } from '@/lib/format';
import { seriesColor } from '@/components/charts/palette';
import styles from './Bounces.module.css';

const timeFmt = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
const dayFmt = new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: 'short', hour: '2-digit', timeZone: 'UTC' });
const fmtTooltip = (v: unknown) => fmtInt(typeof v === 'number' ? v : Number(v));
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
  const fmtTick = (v: number) => (fbl.bucketMs >= 3_600_000 ? dayFmt : timeFmt).format(v);
  const total = types.reduce((s, t) => s + (fbl.byFeedbackType[t] ?? 0), 0);
  return (
    <div className="grid">
      <div className="muted">
        <span data-testid="fbl-total">{fmtInt(total)}</span> complaints
        {types.map((t) => (
          <span key={t} data-testid={`fbl-type-${t}`}>
            {' '}· {t}: {fmtInt(fbl.byFeedbackType[t])}
          </span>
        ))}
        {' '}· {fbl.bucketMs / 60_000}-minute buckets (UTC)
      </div>
      <div className={styles.split}>
        <div style={{ height: HEIGHT }} data-testid="fbl-chart" data-points={points.length}>
          {points.length === 0 ? (
            <div className="muted" style={{ height: HEIGHT, display: 'grid', placeItems: 'center' }}>No complaints in this range.</div>
          ) : (
            <BarChart responsive style={{ width: '100%', height: HEIGHT }} data={points} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
              <XAxis dataKey="t" tickFormatter={fmtTick} stroke="var(--muted)" fontSize={11} minTickGap={30} />
              <YAxis allowDecimals={false} stroke="var(--muted)" fontSize={11} width={40} />
              <Tooltip labelFormatter={fmtLabel} formatter={fmtTooltip} isAnimationActive={false} contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', fontSize: 12 }} />
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
              <th>Reported domain</th>
              <th className="num">Complaints</th>
              <th>By feedback type</th>
            </tr>
          </thead>
          <tbody>
            {fbl.byReportedDomain.map((d) => (
              <tr key={d.reportedDomain} data-testid="fbl-domain-row">
                <td>{d.reportedDomain || <span className="muted">(none)</span>}</td>
                <td className="num">{fmtInt(d.total)}</td>
                <td className="muted">{Object.entries(d.byType).map(([t, n]) => `${t} ${fmtInt(n)}`).join(' · ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
