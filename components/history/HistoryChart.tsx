'use client';
// One history chart: lines (rates) or stacked areas (backlogs) over time, with optional shaded
// periods (backoff), node outages as grey bands labelled "pmta3 down", and operator actions as
// markers whose who/what shows on hover (actions that would overlap share one marker: "3").
// Every value carries its unit on the axis and in the tooltip. Polled data: no animation,
// reserved height (the SVG paints only after hydration), stable formatters.
import { memo, useMemo } from 'react';
import { Area, AreaChart, CartesianGrid, Legend, Line, LineChart, ReferenceArea, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartAnnotation, NodeOutage, Series } from '@/lib/history/api-types';
import { fmtAxisTime, fmtExact, fmtInt } from '@/lib/format';
import { seriesColor } from '@/components/charts/palette';
import { groupAnnotations, hasData, outageBands, seriesDataKey, toRows, type AnnotationGroup } from './chart-data';

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
  /** Periods without a successful poll of a node: a grey band labelled "<node> down". */
  outages?: NodeOutage[];
  valueFormat?: (v: number) => string;
  /** The values' unit ("rcpt/min", "rcpt", "queues"): on the axis and after every tooltip value. */
  unit: string;
  testId: string;
}

const tooltipStyle = { background: 'var(--panel)', border: '1px solid var(--border)', fontSize: 12 };
const margin = { top: 8, right: 12, bottom: 0, left: 0 };

export const annotationText = (a: ChartAnnotation) =>
  `${fmtExact(a.at)} · ${a.user}: ${a.action} ${a.pattern}${a.nodes.length ? ` on ${a.nodes.join(', ')}` : ''}`;

/** A marker at the top of an annotation line: one action's initial, or the count of a group; <title> lists them on hover. */
function AnnotationMarker({ viewBox, group }: { viewBox?: { x?: number; y?: number }; group: AnnotationGroup }) {
  const x = viewBox?.x ?? 0;
  const y = viewBox?.y ?? 0;
  const many = group.items.length > 1;
  const first = group.items[0]!;
  return (
    <g
      data-testid={many ? 'chart-annotation-group' : 'chart-annotation'}
      data-action={many ? undefined : first.action}
      data-count={group.items.length}
      style={{ cursor: 'help' }}
    >
      <title>{many ? `${group.items.length} actions:\n${group.items.map(annotationText).join('\n')}` : annotationText(first)}</title>
      <circle cx={x} cy={y + 6} r={many ? 7 : 6} fill="var(--warn)" stroke="var(--panel)" strokeWidth={1.5} />
      <text x={x} y={y + 9.5} textAnchor="middle" fontSize={9} fontWeight={700} fill="var(--panel)">
        {many ? String(group.items.length) : first.action.slice(0, 1).toUpperCase()}
      </text>
    </g>
  );
}

/** The label of an outage band, at its top left; the exact period on hover. */
function OutageLabel({ viewBox, text, title }: { viewBox?: { x?: number; y?: number; width?: number }; text: string; title: string }) {
  const x = viewBox?.x ?? 0;
  const y = viewBox?.y ?? 0;
  return (
    <g data-testid="chart-outage" data-label={text}>
      <title>{title}</title>
      <text x={x + 3} y={y + 22} fontSize={10} fill="var(--muted)">
        {text}
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
  outages = [],
  valueFormat = fmtInt,
  unit,
  testId,
}: HistoryChartProps) {
  const rows = useMemo(() => toRows(series), [series]);
  const span = rows.length > 1 ? rows[rows.length - 1]!.t - rows[0]!.t : 0;
  const tickFmt = useMemo(() => (v: number) => fmtAxisTime(v, span), [span]);
  const labelFmt = useMemo(() => (v: unknown) => (typeof v === 'number' ? fmtExact(v) : String(v)), []);
  const valueFmt = useMemo(() => (v: unknown) => (typeof v === 'number' ? `${valueFormat(v)} ${unit}` : '–'), [valueFormat, unit]);
  const groups = useMemo(() => groupAnnotations(annotations, span), [annotations, span]);
  const bands = useMemo(() => (rows.length > 1 ? outageBands(outages, rows[0]!.t, rows[rows.length - 1]!.t) : []), [outages, rows]);
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
        <YAxis
          tickFormatter={valueFormat}
          allowDecimals={false}
          stroke="var(--muted)"
          fontSize={11}
          width={64}
          label={{ value: unit, angle: -90, position: 'insideLeft', fontSize: 10, fill: 'var(--muted)', dx: 4 }}
        />
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
        {bands.map((b, i) => (
          <ReferenceArea
            key={`outage-${i}`}
            x1={b.from}
            x2={b.to}
            fill="var(--muted)"
            fillOpacity={0.15}
            strokeOpacity={0}
            ifOverflow="hidden"
            label={<OutageLabel text={b.label} title={`${b.label}: no successful poll ${fmtExact(b.from)} – ${fmtExact(b.to)}`} />}
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
        {groups.map((g) => (
          <ReferenceLine
            key={`ann-${g.at}`}
            x={g.at}
            stroke="var(--warn)"
            strokeDasharray="3 3"
            ifOverflow="extendDomain"
            label={<AnnotationMarker group={g} />}
          />
        ))}
      </Chart>
    </div>
  );
}

export const HistoryChart = memo(HistoryChartInner);
