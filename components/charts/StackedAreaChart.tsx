'use client';
// A stacked area chart of recipients over time for polled data: no animation (every poll would
// re-animate), reserved height (the SVG only paints after hydration), stable formatters.
import { Area, AreaChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { fmtInt } from '@/lib/format';
import { seriesColor } from './palette';

export interface ChartPoint {
  at: number;
  [series: string]: number;
}

const timeFmt = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const fmtTime = (v: number) => timeFmt.format(v);
const fmtCount = (v: number) => fmtInt(v);
const fmtTooltipTime = (v: unknown) => (typeof v === 'number' ? timeFmt.format(v) : String(v));
const fmtTooltipValue = (v: unknown) => fmtInt(typeof v === 'number' ? v : Number(v));

export function StackedAreaChart({ points, series, height = 240, otherKey, testId }: { points: ChartPoint[]; series: string[]; height?: number; otherKey?: string; testId?: string }) {
  if (points.length < 2) {
    return (
      <div className="muted" style={{ height, display: 'grid', placeItems: 'center' }} data-testid={testId}>
        Collecting data: the chart starts after two polls.
      </div>
    );
  }
  return (
    <div style={{ height }} className="chart-box" data-testid={testId}>
      <AreaChart responsive style={{ width: '100%', height }} data={points} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
        <XAxis dataKey="at" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={fmtTime} stroke="var(--muted)" fontSize={11} minTickGap={40} />
        <YAxis tickFormatter={fmtCount} stroke="var(--muted)" fontSize={11} width={64} />
        <Tooltip labelFormatter={fmtTooltipTime} formatter={fmtTooltipValue} isAnimationActive={false} contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', fontSize: 12 }} />
        <Legend wrapperStyle={{ fontSize: 11 }} />
        {series.map((k, i) => (
          <Area key={k} type="stepAfter" dataKey={k} name={k} stackId="1" stroke={seriesColor(i, k, otherKey)} fill={seriesColor(i, k, otherKey)} fillOpacity={0.55} dot={false} isAnimationActive={false} />
        ))}
      </AreaChart>
    </div>
  );
}
