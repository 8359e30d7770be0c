// One benchmark's outcome: a figure, its target, and (where there is one) the same-run
// baseline the figure is compared against. Ratios against a baseline measured in the same
// run are what stays meaningful on a shared, noisy 2-core machine.
export interface BenchResult {
  id: string;
  name: string;
  figure: number;
  unit: string;
  /** Human-readable target, e.g. "≤ 3× baseline". */
  target: string;
  /** figure / limit: ≤ 1 passes. */
  ratioToTarget: number;
  pass: boolean;
  baseline?: { name: string; value: number; unit: string };
  /** Extra measurements worth reporting (breakdowns, other variants). */
  notes?: string[];
}

export function ratioResult(r: Omit<BenchResult, 'pass' | 'ratioToTarget'> & { limit: number }): BenchResult {
  const { limit, ...rest } = r;
  const ratioToTarget = limit === 0 ? (r.figure === 0 ? 0 : Infinity) : r.figure / limit;
  return { ...rest, ratioToTarget, pass: ratioToTarget <= 1 };
}

export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

export const median = (v: number[]) => quantile(v, 0.5);
export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : String(n));
