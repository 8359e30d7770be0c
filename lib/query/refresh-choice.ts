// The operator's refresh interval (the top bar's select: 2 s / 5 s / 10 s / 30 s / off), kept in
// localStorage and read by every polled query (polling.ts). Browser state of this tab only;
// on the server nothing polls, and the page renders with the console's default.
import { REFRESH_MS } from './keys';

export const REFRESH_CHOICES = [2_000, 5_000, 10_000, 30_000, 0] as const;
export type RefreshChoice = (typeof REFRESH_CHOICES)[number];
export const STORAGE_KEY = 'pmta-refresh-ms';

/** A stored value → a choice; anything else → the default (REFRESH_MS). 0 is "off". */
export function parseRefreshChoice(v: string | null | undefined): RefreshChoice {
  const n = Number(v);
  return v != null && v !== '' && (REFRESH_CHOICES as readonly number[]).includes(n) ? (n as RefreshChoice) : (REFRESH_MS as RefreshChoice);
}

/**
 * The interval of a resource whose own interval is `ms`: live data (ms ≤ REFRESH_MS) follows the
 * choice; slower resources (a 7-day chart) keep their slower pace unless the choice is slower
 * still; off is off for all.
 */
export function effectiveInterval(choice: RefreshChoice, ms: number): number | false {
  if (choice === 0) return false;
  return ms <= REFRESH_MS ? choice : Math.max(ms, choice);
}

let chosen: RefreshChoice | null = null;
const listeners = new Set<() => void>();

export function currentRefreshChoice(): RefreshChoice {
  if (chosen === null) {
    try {
      chosen = parseRefreshChoice(localStorage.getItem(STORAGE_KEY));
    } catch {
      chosen = REFRESH_MS as RefreshChoice; // private mode or no window
    }
  }
  return chosen;
}

export function setRefreshChoice(c: RefreshChoice): void {
  chosen = c;
  try {
    localStorage.setItem(STORAGE_KEY, String(c));
  } catch {
    // private mode: the choice lasts for this page only
  }
  listeners.forEach((l) => l());
}

export function subscribeRefreshChoice(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
