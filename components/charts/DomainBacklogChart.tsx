'use client';
import { StackedAreaChart, type ChartPoint } from './StackedAreaChart';

/** Fleet backlog of the top domains (plus "(other)") over time. Points may come from memory or the store. */
export function DomainBacklogChart({ points, domains }: { points: ChartPoint[]; domains: string[] }) {
  return <StackedAreaChart points={points} series={domains} otherKey="(other)" height={260} testId="backlog-chart" />;
}
