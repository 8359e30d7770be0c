// PowerMTA prints times as `YYYY-MM-DD HH:MM:SS` in the node's local time, with no zone
// (powermta-api.md §3). With the node's measured clock (node-clock.ts) such a time converts to
// the true instant, whatever zone the node runs in or however wrong its clock is. Without one
// (no /status yet) it is read as the console's own local time, the best guess left. A time with
// an explicit offset (`+0200`, as accounting files have) is honoured either way.
import { wallClockMs, type NodeClock } from '@/lib/fleet/node-clock';

const RE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\s*([+-])(\d{2}):?(\d{2})|Z)?$/;

export function parsePmtaTime(text: string | null | undefined, clock?: Pick<NodeClock, 'offsetMs'> | null): number | null {
  if (!text) return null;
  const m = RE.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, sign, oh, om] = m;
  const fields = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)] as const;
  if (sign) {
    const offset = (Number(oh) * 60 + Number(om)) * 60_000 * (sign === '+' ? 1 : -1);
    return Date.UTC(...fields) - offset;
  }
  if (text.trim().endsWith('Z')) return Date.UTC(...fields);
  if (clock) {
    const wall = wallClockMs(text);
    return wall === null ? null : wall - clock.offsetMs;
  }
  const t = new Date(...fields).getTime();
  return Number.isNaN(t) ? null : t;
}

/**
 * When an event a reply lists happened, in console time. It happened before the reply that
 * names it arrived (`listedAt`): a later instant only means the node's clock has moved since
 * it was measured at the last /status (a drifting clock), so it is capped there — a last error
 * is never shown "in 1m".
 */
export function pastEventAt(text: string | null | undefined, clock: Pick<NodeClock, 'offsetMs'> | null | undefined, listedAt: number): number | null {
  const at = parsePmtaTime(text, clock);
  return at === null ? null : Math.min(at, listedAt);
}
