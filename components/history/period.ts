// Chart periods and what each asks the history API for. Pure module.
export const PERIODS = ['1h', '6h', '24h', '7d'] as const;
export type Period = (typeof PERIODS)[number];
export const DEFAULT_PERIOD: Period = '1h';

export function parsePeriod(v: string | null | undefined): Period {
  return (PERIODS as readonly string[]).includes(v ?? '') ? (v as Period) : DEFAULT_PERIOD;
}

/** Relative `from` keeps the query key stable between refreshes; the server resolves `now`. */
export function periodRange(p: Period): { from: string } {
  return { from: `now-${p === '7d' ? '7d' : p}` };
}

/** How often a chart of this period refetches. */
export function periodRefreshMs(p: Period): number {
  return p === '1h' ? 15_000 : p === '6h' ? 30_000 : 60_000;
}
