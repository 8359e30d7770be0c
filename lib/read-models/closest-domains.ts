// The domains closest to a name that matched no queue (a typo in the search, "gmial.com"), for
// the drill-down's "no queues for this domain" state. Substring matches first, then small edit
// distances (against the whole name, or its first label when the search has no dot: "yaho" →
// "yahoo.com"). Pure, browser-safe.

/** Levenshtein distance, stopping early once it exceeds `max` (returns max + 1). */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]!);
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

export function closestDomains(query: string, candidates: Iterable<string>, limit = 5): string[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return [];
  const max = Math.max(2, Math.floor(needle.length / 3));
  const scored = new Map<string, number>();
  for (const raw of candidates) {
    const c = raw.toLowerCase();
    if (!c || c === needle || scored.has(c)) continue;
    let score: number;
    if (c.includes(needle) || (needle.includes('.') && needle.includes(c))) score = Math.abs(c.length - needle.length) / 1000;
    else {
      const whole = editDistance(needle, c, max);
      const label = needle.includes('.') ? max + 1 : editDistance(needle, c.split('.')[0]!, max);
      score = Math.min(whole, label);
      if (score > max) continue;
    }
    scored.set(c, score);
  }
  return [...scored]
    .sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? -1 : 1))
    .slice(0, limit)
    .map(([d]) => d);
}
