// Series colours that read on both themes; "other" is always the neutral grey at the top.
export const SERIES_COLORS = [
  '#2563eb',
  '#16a34a',
  '#d97706',
  '#dc2626',
  '#7c3aed',
  '#0891b2',
  '#db2777',
  '#65a30d',
  '#ea580c',
  '#4f46e5',
  '#0d9488',
  '#9333ea',
];
export const OTHER_COLOR = '#8b98a8';

export function seriesColor(i: number, key: string, otherKey?: string): string {
  return key === otherKey ? OTHER_COLOR : SERIES_COLORS[i % SERIES_COLORS.length]!;
}
