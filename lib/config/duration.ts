// PowerMTA-style durations ("4d12h", "90m", "30s", "1h30m") as used by `bounce-after`.
const UNIT_SECONDS: Record<string, number> = { w: 604_800, d: 86_400, h: 3_600, m: 60, s: 1 };

/** Seconds in a duration like `4d12h`; null when the text is not one. */
export function parseDurationSeconds(text: string): number | null {
  const trimmed = text.trim();
  if (!/^(\d+[wdhms])+$/.test(trimmed)) return null;
  let total = 0;
  for (const m of trimmed.matchAll(/(\d+)([wdhms])/g)) total += Number(m[1]) * (UNIT_SECONDS[m[2]!] ?? 0);
  return total;
}
