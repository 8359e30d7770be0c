// Number and time formatting for dense ops tables: thousands separators, units, and relative
// times whose exact value is available on hover. `null` (unknown) always renders as "–".

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
  const text = s < 5 ? 'just now' : s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m` : s < 86400 ? `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m` : `${Math.floor(s / 86400)}d`;
  if (text === 'just now') return text;
  return future ? `in ${text}` : `${text} ago`;
}

export function fmtExact(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '';
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}
