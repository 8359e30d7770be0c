// Chart periods and what each asks the history API for: the presets (1h/6h/24h/7d) or a free
// range (`?period=custom&from=…&to=…`, UTC datetime-local values as the time rule reads inputs:
// lib/format.ts). Pure module.
import { fmtUtcInput, parseUtcInput } from '@/lib/format';

export const PERIODS = ['1h', '6h', '24h', '7d'] as const;
export type PresetPeriod = (typeof PERIODS)[number];
/** A free range, epoch ms. */
export interface CustomPeriod {
  from: number;
  to: number;
}
export type Period = PresetPeriod | CustomPeriod;
export const DEFAULT_PERIOD: PresetPeriod = '1h';
/** The longest free range: what the history store keeps at its coarsest resolution is enough. */
export const MAX_CUSTOM_MS = 90 * 86_400_000;

export const isCustom = (p: Period): p is CustomPeriod => typeof p !== 'string';

export function parsePeriod(v: string | null | undefined): PresetPeriod {
  return (PERIODS as readonly string[]).includes(v ?? '') ? (v as PresetPeriod) : DEFAULT_PERIOD;
}

/** Two UTC datetime-local values → a range; null unless from < to and the span is at most MAX_CUSTOM_MS. */
export function parseCustomRange(from: string | null | undefined, to: string | null | undefined): CustomPeriod | null {
  const f = parseUtcInput(from);
  const t = parseUtcInput(to);
  if (!f || !t) return null;
  const range = { from: Date.parse(f), to: Date.parse(t) };
  return range.from < range.to && range.to - range.from <= MAX_CUSTOM_MS ? range : null;
}

/** The period of a page URL; a malformed custom range falls back to the default preset. */
export function parsePeriodParams(sp: URLSearchParams): Period {
  if (sp.get('period') === 'custom') return parseCustomRange(sp.get('from'), sp.get('to')) ?? DEFAULT_PERIOD;
  return parsePeriod(sp.get('period'));
}

/** The URL patch for a period (a preset clears a previous custom range). */
export function periodUrlPatch(p: Period): Record<'period' | 'from' | 'to', string | null> {
  return isCustom(p) ? { period: 'custom', from: fmtUtcInput(p.from), to: fmtUtcInput(p.to) } : { period: p, from: null, to: null };
}

/** Relative `from` keeps the query key stable between refreshes; the server resolves `now`. */
export function periodRange(p: Period): { from: string; to?: string } {
  if (isCustom(p)) return { from: new Date(p.from).toISOString(), to: new Date(p.to).toISOString() };
  return { from: `now-${p}` };
}

/** How often a chart of this period refetches (a free range that ended does not change: rarely). */
export function periodRefreshMs(p: Period): number {
  if (isCustom(p)) return 300_000;
  return p === '1h' ? 15_000 : p === '6h' ? 30_000 : 60_000;
}
