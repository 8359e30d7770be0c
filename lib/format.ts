// Number and time formatting for dense ops tables: thousands separators, units, and relative
// times whose exact value is available on hover. `null` (unknown) always renders as "–".
// Every formatter the console's pages use lives here: one rule for every page.
//
// THE ONE TIME RULE: every clock time a person sees is UTC, 24-hour, and says so ("UTC" in
// exact times, hover titles and chart tooltips; "(UTC)" in column heads, axes and inputs).
// Why UTC rather than the browser's zone:
// - pages are rendered on the server with their data (lib/query/server.ts), and the server
//   does not know the browser's zone; a zone-dependent text would either mismatch during
//   hydration or have to be painted after mount (a visible flip of every timestamp). UTC text
//   is identical on server and client, so it paints once, correctly, with the first HTML;
// - a fleet and its operators span zones: PowerMTA nodes, accounting files, the audit log and
//   a colleague's screenshot or ticket are compared across them, and UTC is the one clock they
//   all agree on.
// Inputs follow the rule too: a datetime-local field is read as UTC (parseUtcInput).
// Relative times ("2m ago") depend on "now" and are corrected after mount (RelativeTime).

const nf = new Intl.NumberFormat('en-US');
const nf1 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

export const DASH = '–';

export function fmtInt(n: number | null | undefined): string {
  return n === null || n === undefined || Number.isNaN(n) ? DASH : nf.format(Math.round(n));
}

/** Kilobytes as PowerMTA counts them → KB/MB/GB/TB. */
export function fmtKb(kb: number | null | undefined): string {
  if (kb === null || kb === undefined || Number.isNaN(kb)) return DASH;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = kb;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${nf1.format(v)} ${units[u]}`;
}

export function fmtPct(part: number | null | undefined, whole: number | null | undefined): string {
  if (part == null || whole == null || whole === 0) return DASH;
  return `${nf1.format((part / whole) * 100)}%`;
}

export function fmtRelative(ms: number | null | undefined, now = Date.now()): string {
  if (ms === null || ms === undefined) return DASH;
  const d = Math.round((now - ms) / 1000);
  const future = d < 0;
  const s = Math.abs(d);
  const text =
    s < 5
      ? 'just now'
      : s < 60
        ? `${s}s`
        : s < 3600
          ? `${Math.floor(s / 60)}m`
          : s < 86400
            ? `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`
            : `${Math.floor(s / 86400)}d`;
  if (text === 'just now') return text;
  return future ? `in ${text}` : `${text} ago`;
}

/** Full date and time, UTC: "2026-12-01 19:05:09 UTC" (hover titles, tables, tooltips). */
export function fmtExact(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '';
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
}

const timeFmt = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' });
const dayTimeFmt = new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' });

/** "14:05" (UTC, 24-hour), for short labels whose context says UTC. */
export function fmtTime(ms: number | null | undefined): string {
  return ms === null || ms === undefined || Number.isNaN(ms) ? DASH : timeFmt.format(ms);
}

/** "01 Dec, 14:05" (UTC, 24-hour). */
export function fmtDayTime(ms: number | null | undefined): string {
  return ms === null || ms === undefined || Number.isNaN(ms) ? DASH : dayTimeFmt.format(ms);
}

/** A time-axis tick: the clock time, or with the day once the axis spans more than 36 hours. */
export function fmtAxisTime(ms: number, spanMs: number): string {
  return spanMs > 36 * 3_600_000 ? fmtDayTime(ms) : fmtTime(ms);
}

/** A datetime-local input's value ("2026-12-01T14:05"), read as UTC, as ISO; else undefined. */
export function parseUtcInput(v: string | null | undefined): string | undefined {
  if (!v || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(v)) return undefined;
  const d = new Date(`${v}Z`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** A duration in words: "7 min", "3 h 5 min", "2 d 4 h"; null → never (a drain that never ends). */
export function fmtEta(ms: number | null): string {
  if (ms === null) return 'never at this rate';
  if (ms <= 0) return 'clear';
  const m = Math.round(ms / 60_000);
  if (m < 60) return `${Math.max(1, m)} min`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h} h ${m % 60} min` : `${Math.floor(h / 24)} d ${h % 24} h`;
}

const rate = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A rate (0..1) as a percentage with two decimals: complaint thresholds live around 0.1 %. */
export function fmtRate(r: number | null | undefined): string {
  return r === null || r === undefined || Number.isNaN(r) ? DASH : rate.format(r);
}

const clockFmt = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone: 'UTC' });

/** A time in a dense column (UTC, the head says so): "14:05:09" today, "2026-11-30 14:05:09" on another day. */
export function fmtClock(ms: number | null | undefined, now = Date.now()): string {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return DASH;
  const sameDay = new Date(ms).toISOString().slice(0, 10) === new Date(now).toISOString().slice(0, 10);
  return sameDay ? clockFmt.format(ms) : fmtExact(ms).replace(/ UTC$/, '');
}

/** The inverse of parseUtcInput: epoch ms → a datetime-local value in UTC ("2026-12-01T14:05"). */
export function fmtUtcInput(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16);
}
