'use client';
// One history chart: lines (rates) or stacked areas (backlogs) over time, with optional shaded
// periods (backoff) and operator actions as markers whose who/what shows on hover. Polled data:
// no animation, reserved height (the SVG paints only after hydration), stable formatters.
import { memo, useMemo } from 'react';
import { Area, AreaChart, CartesianGrid, Legend, Line, LineChart, ReferenceArea, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartAnnotation, Series } from '@/lib/history/api-types';
import { fmtAxisTime, fmtExact, fmtInt } from '@/lib/format';
import { seriesColor } from '@/components/charts/palette';
import { hasData, seriesDataKey, toRows } from './chart-data';

export interface ShadedPeriod {
  from: number;
  to: number;
  label: string;
}

export interface HistoryChartProps {
  series: Series[];
  kind?: 'line' | 'area';
  height?: number;
  /** Shown while there is not enough data to draw. */
  emptyText?: string;
  shaded?: ShadedPeriod[];
  annotations?: ChartAnnotation[];
  valueFormat?: (v: number) => string;
  testId: string;
}

const tooltipStyle = { background: 'var(--panel)', border: '1px solid var(--border)', fontSize: 12 };
const margin = { top: 8, right: 12, bottom: 0, left: 0 };

export const annotationText = (a: ChartAnnotation) =>
  `${fmtExact(a.at)} · ${a.user}: ${a.action} ${a.pattern}${a.nodes.length ? ` on ${a.nodes.join(', ')}` : ''}`;

/** A marker at the top of an annotation line; the browser shows its <title> on hover. */
function AnnotationMarker({ viewBox, annotation }: { viewBox?: { x?: number; y?: number }; annotation: ChartAnnotation }) {
  const x = viewBox?.x ?? 0;
  const y = viewBox?.y ?? 0;
  return (
    <g data-testid="chart-annotation" data-action={annotation.action} style={{ cursor: 'help' }}>
      <title>{annotationText(annotation)}</title>
      <circle cx={x} cy={y + 6} r={6} fill="var(--warn)" stroke="var(--panel)" strokeWidth={1.5} />
      <text x={x} y={y + 9.5} textAnchor="middle" fontSize={9} fontWeight={700} fill="var(--panel)">
        {annotation.action.slice(0, 1).toUpperCase()}
      </text>
    </g>
  );
}

function HistoryChartInner({
  series,
  kind = 'line',
  height = 240,
  emptyText = 'Collecting history: the chart starts after a few polls.',
  shaded = [],
  annotations = [],
  valueFormat = fmtInt,
  testId,
}: HistoryChartProps) {
  const rows = useMemo(() => toRows(series), [series]);
  const span = rows.length > 1 ? rows[rows.length - 1]!.t - rows[0]!.t : 0;
  const tickFmt = useMemo(() => (v: number) => fmtAxisTime(v, span), [span]);
  const labelFmt = useMemo(() => (v: unknown) => (typeof v === 'number' ? fmtExact(v) : String(v)), []);
  const valueFmt = useMemo(() => (v: unknown) => (typeof v === 'number' ? valueFormat(v) : '–'), [valueFormat]);
  if (!hasData(series)) {
    return (
      <div className="muted" style={{ height, display: 'grid', placeItems: 'center' }} data-testid={testId} data-state="empty">
        {emptyText}
      </div>
    );
  }
  const Chart = kind === 'area' ? AreaChart : LineChart;
  const other = series.find((s) => s.key === 'other')?.key;
  return (
    <div style={{ height }} data-testid={testId} data-state="ready" data-series={series.map((s) => s.key).join(' ')}>
      <Chart responsive style={{ width: '100%', height }} data={rows} margin={margin}>
        <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={['dataMin', 'dataMax']}
          tickFormatter={tickFmt}
          stroke="var(--muted)"
          fontSize={11}
          minTickGap={48}
        />
        <YAxis tickFormatter={valueFormat} allowDecimals={false} stroke="var(--muted)" fontSize={11} width={64} />
        <Tooltip labelFormatter={labelFmt} formatter={valueFmt} isAnimationActive={false} contentStyle={tooltipStyle} />
        <Legend wrapperStyle={{ fontSize: 11 }} />
        {shaded.map((p, i) => (
          <ReferenceArea
            key={`shade-${i}`}
            x1={p.from}
            x2={p.to}
            fill="var(--danger)"
            fillOpacity={0.1}
            strokeOpacity={0}
            ifOverflow="hidden"
            label={undefined}
          />
        ))}
        {series.map((s, i) =>
          kind === 'area' ? (
            <Area
              key={s.key}
              type="linear"
              dataKey={seriesDataKey(i)}
              name={s.label}
              stackId="1"
              stroke={seriesColor(i, s.key, other)}
              fill={seriesColor(i, s.key, other)}
              fillOpacity={0.5}
              dot={false}
              isAnimationActive={false}
            />
          ) : (
            <Line
              key={s.key}
              type="linear"
              dataKey={seriesDataKey(i)}
              name={s.label}
              stroke={seriesColor(i, s.key, other)}
              strokeWidth={1.6}
              dot={false}
              isAnimationActive={false}
            />
          ),
        )}
        {annotations.map((a, i) => (
          <ReferenceLine
            key={`ann-${i}`}
            x={a.at}
            stroke="var(--warn)"
            strokeDasharray="3 3"
            ifOverflow="extendDomain"
            label={<AnnotationMarker annotation={a} />}
          />
        ))}
      </Chart>
    </div>
  );
}

export const HistoryChart = memo(HistoryChartInner);
