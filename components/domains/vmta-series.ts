// The drill-down's chart data: the domain's backlog per vMTA over time, from per-queue series
// that each node recorded at its own poll times. At every time any node polled, a vMTA's value
// is the sum of its queues' latest values at or before that time (a step function per queue),
// so nodes polling out of phase do not make the stack saw-tooth.
import type { QueueSeries } from '@/lib/fleet/backlog-history';
import type { ChartPoint } from '@/components/charts/StackedAreaChart';

export function seriesByVmta(series: QueueSeries[], node?: string): { points: ChartPoint[]; vmtas: string[] } {
  const used = series.filter((s) => !node || s.node === node);
  const vmtas = [...new Set(used.map((s) => s.vmta))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const times = [...new Set(used.flatMap((s) => s.points.map((p) => p.at)))].sort((a, b) => a - b);
  const heads = used.map(() => 0);
  const current = used.map(() => 0);
  const points = times.map((at) => {
    const p: ChartPoint = { at };
    for (const v of vmtas) p[v] = 0;
    used.forEach((s, k) => {
      while (heads[k]! < s.points.length && s.points[heads[k]!]!.at <= at) current[k] = s.points[heads[k]!++]!.rcp;
      p[s.vmta] = (p[s.vmta] ?? 0) + current[k]!;
    });
    return p;
  });
  return { points, vmtas };
}
