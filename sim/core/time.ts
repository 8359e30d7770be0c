// Time formatting. Monitor replies print the node's local wall clock without a zone, as
// PowerMTA does; callers pass `model.local(ms)` so a node can run in any zone (`--tz-offset`).
// Accounting times are UTC and end in +0000.

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DD HH:MM:SS`, as the web monitor prints times. */
export function fmtMonitor(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` + `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  );
}

/** `YYYY-MM-DD HH:MM:SS+0000`, as accounting records print times. */
export function fmtAcct(ms: number): string {
  return `${fmtMonitor(ms)}+0000`;
}

/** `YYYY-MM-DD-HHMM`, the stamp in accounting file names. */
export function fmtFileStamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}-${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}`;
}

/** Accepts a Date, epoch ms or an ISO string; whole seconds, because PowerMTA prints seconds. */
export function toEpochMs(value: Date | number | string | undefined, fallback: number): number {
  if (value === undefined) return Math.floor(fallback / 1000) * 1000;
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw new Error(`invalid start time: ${String(value)}`);
  return Math.floor(ms / 1000) * 1000;
}
