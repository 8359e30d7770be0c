// A node's clock, measured from `timeNow` in /status against the moment the reply arrived.
// PowerMTA prints local times without a zone (`timeNow`, event times, `retryTime`;
// powermta-api.md §3 and §12), so the console derives each node's offset itself:
// - within ±14 h (the range of real zones) and within SKEW_LIMIT of a quarter hour, the node
//   runs in a zone: its offset is that quarter hour, and residual jitter is ignored;
// - otherwise the node's clock is wrong (skewed): its times are still converted with the
//   measured offset, so ages stay true, and the node is flagged, because DKIM signatures, TLS
//   and provider logs all depend on a correct clock (the guide stresses NTP).
// Pure, browser-safe.

export interface NodeClock {
  /** Node wall clock minus UTC, in ms: what converts a node-printed time to an instant. */
  offsetMs: number;
  /** The zone (minutes east of UTC, quarter hours) when the node runs in one; null otherwise. */
  zoneMinutes: number | null;
  /** How far the node clock is from its zone (or from UTC without one), in seconds, rounded. */
  skewSeconds: number;
  skewed: boolean;
  /** Plain words for the node table: "UTC+09:00", "UTC−05:00 · clock 3 min fast". */
  label: string;
  measuredAt: number;
}

/** Residual beyond a quarter-hour zone that counts as a wrong clock (a node 3 minutes off is skewed). */
export const SKEW_LIMIT_MS = 2 * 60_000;
const MAX_ZONE_MS = 14 * 3_600_000;
const QUARTER_HOUR_MS = 15 * 60_000;

const WALL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

/** A zone-less `YYYY-MM-DD HH:MM:SS` read as if it were UTC (the node's wall clock as a number). */
export function wallClockMs(text: string | null | undefined): number | null {
  const m = text ? WALL.exec(text.trim()) : null;
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  return Number.isNaN(t) ? null : t;
}

function fmtZone(minutes: number): string {
  const sign = minutes < 0 ? '−' : '+';
  const a = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

function fmtSkew(seconds: number): string {
  const a = Math.abs(seconds);
  const amount = a >= 5400 ? `${Math.round(a / 3600)} h` : a >= 90 ? `${Math.round(a / 60)} min` : `${a} s`;
  return `clock ${amount} ${seconds > 0 ? 'fast' : 'slow'}`;
}

/** Null when the node printed no usable `timeNow`. */
export function measureClock(timeNow: string | null | undefined, arrivedAt: number): NodeClock | null {
  const wall = wallClockMs(timeNow);
  if (wall === null) return null;
  // timeNow is truncated to the second and printed before the reply travelled: a correct
  // clock measures between about −1 s and 0 here.
  const raw = wall - arrivedAt;
  const zone = Math.round(raw / QUARTER_HOUR_MS) * QUARTER_HOUR_MS || 0; // `|| 0`: no −0
  const inZoneRange = Math.abs(zone) <= MAX_ZONE_MS;
  const residual = inZoneRange ? raw - zone : raw;
  const skewed = Math.abs(residual) > SKEW_LIMIT_MS;
  const zoneMinutes = inZoneRange ? zone / 60_000 : null;
  const skewSeconds = Math.round(residual / 1000) || 0;
  const offsetMs = skewed ? Math.round(raw / 1000) * 1000 || 0 : zone;
  const label = [zoneMinutes !== null ? fmtZone(zoneMinutes) : 'no zone fits', skewed ? fmtSkew(skewSeconds) : null].filter(Boolean).join(' · ');
  return { offsetMs, zoneMinutes, skewSeconds, skewed, label, measuredAt: arrivedAt };
}
