'use client';
// Deliveries, deferrals and bounces over time for the busiest sending IPs (one line per IP and
// measure picked above the chart), on a numeric UTC time axis like the other charts.
import { useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { ApiResponse } from '@/lib/api/contracts/registry';
import { fmtAxisTime, fmtExact, fmtInt } from '@/lib/format';
import { seriesColor } from '@/components/charts/palette';

type Report = ApiResponse<'GET', '/api/sources'>;
const MEASURES = { delivered: 'Delivered', deferred: 'Deferred', bounces: 'Bounced' } as const;
type Measure = keyof typeof MEASURES;
const HEIGHT = 240;

export function SourceIpChart({ r }: { r: Report }) {
  const [measure, setMeasure] = useState<Measure>('delivered');
  // IPs as data keys could read as paths (`10.0.0.1`): each gets an index key.
  const byT = new Map<number, Record<string, number>>();
  for (const p of r.overTime) {
    const row = byT.get(p.t) ?? { t: p.t };
    row[`ip${r.charted.indexOf(p.ip)}`] = p[measure];
    byT.set(p.t, row);
  }
  const points = [...byT.values()].sort((a, b) => a.t! - b.t!);
  return (
    <div className="grid">
      <div className="row">
        <select aria-label="Measure" value={measure} onChange={(e) => setMeasure(e.target.value as Measure)} data-testid="source-measure">
          {Object.entries(MEASURES).map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </select>
        <span className="muted">
          per {r.bucketMs / 3_600_000} h (UTC), the {r.charted.length} busiest IPs
        </span>
      </div>
      <div style={{ height: HEIGHT }} data-testid="source-chart" data-points={points.length}>
        {points.length === 0 ? (
          <div className="muted" style={{ height: HEIGHT, display: 'grid', placeItems: 'center' }}>
            No per-IP records in this range.
          </div>
        ) : (
          <LineChart responsive style={{ width: '100%', height: HEIGHT }} data={points} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={['dataMin', 'dataMax']}
              tickFormatter={(v: number) => fmtAxisTime(v, Infinity)}
              stroke="var(--muted)"
              fontSize={11}
              minTickGap={30}
            />
            <YAxis allowDecimals={false} stroke="var(--muted)" fontSize={11} width={48} />
            <Tooltip
              labelFormatter={(v: unknown) => (typeof v === 'number' ? fmtExact(v) : String(v))}
              formatter={(v: unknown) => fmtInt(Number(v))}
              isAnimationActive={false}
              contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', fontSize: 12 }}
            />
            <Legend wrapperStyle={{ fontSize: 11 }} />
            {r.charted.map((ip, i) => (
              <Line key={ip} dataKey={`ip${i}`} name={ip} stroke={seriesColor(i, ip)} dot={false} isAnimationActive={false} connectNulls />
            ))}
          </LineChart>
        )}
      </div>
    </div>
  );
}
