// `show settings domain/vmta` (guide §6.3.15): plain text, a "Virtual MTA Settings" block then
// a "Queue Settings" block, one `name value` per line. Parsed into rows; lines that fit neither
// a heading nor `name value` are kept as notes rather than dropped. Pure (browser-safe).

export interface SettingRow {
  section: string;
  name: string;
  value: string;
}

export interface ParsedSettings {
  rows: SettingRow[];
  notes: string[];
}

const HEADING = /^\s*([A-Za-z][A-Za-z ]*Settings)\s*:?\s*$/;
const LINE = /^\s*([a-z][a-z0-9-]*)\s+(.+?)\s*$/;

export function parseSettings(text: string): ParsedSettings {
  const rows: SettingRow[] = [];
  const notes: string[] = [];
  let section = '';
  for (const line of text.split(/\r?\n/).slice(0, 2000)) {
    if (!line.trim()) continue;
    const h = HEADING.exec(line);
    if (h) {
      section = h[1]!;
      continue;
    }
    const m = LINE.exec(line);
    if (m) rows.push({ section, name: m[1]!, value: m[2]! });
    else notes.push(line.trim());
  }
  return { rows, notes };
}

/** PowerMTA's own throttle wording (a `max-msg-rate` of this node, not the receiver's limit). */
const LOCAL_THROTTLE = /message rate limit reached \(based on queue'?s max-msg-rate/i;

export function isLocalThrottle(errorText: string): boolean {
  return LOCAL_THROTTLE.test(errorText);
}
