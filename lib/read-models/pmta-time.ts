// PowerMTA prints times as `YYYY-MM-DD HH:MM:SS` in the node's local time, with no zone
// (powermta-api.md §3). The console reads them as its own local time, so console and nodes
// should run in the same zone (UTC is usual for servers). A time with an explicit offset
// (`+0200`, as accounting files have) is honoured.
const RE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\s*([+-])(\d{2}):?(\d{2})|Z)?$/;

export function parsePmtaTime(text: string | null | undefined): number | null {
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
  const t = new Date(...fields).getTime();
  return Number.isNaN(t) ? null : t;
}
