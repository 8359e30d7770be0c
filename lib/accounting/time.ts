// Accounting timestamps. PowerMTA's samples print `YYYY-MM-DD HH:MM:SS+hhmm`; the v5 manual's
// prose claims `MM/DD/YYYY HH:MM:SS+hhmm`; `acct-file` can also be switched to Unix seconds
// (powermta-api.md §8, open question 8). We accept all three. A time without an offset is read
// as UTC and flagged, because the node's zone is unknown here and guessing would be worse.

export interface AcctTime {
  /** Epoch milliseconds. */
  ms: number;
  /** True when the text carried no zone offset and was read as UTC. */
  utcAssumed: boolean;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const US = /^(\d{2})\/(\d{2})\/(\d{4})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
// 9–11 digits: 2001-09-09 … year 5138; avoids reading a bare small number as a time.
const UNIX = /^(\d{9,11})(?:\.(\d{1,9}))?$/;

// Rows arrive in time order at one-second resolution, so consecutive rows mostly repeat the same
// strings (timeLogged and timeQueued alternate). A few memo slots skip the regex for those.
const MEMO_SLOTS = 4;
const memoKeys: string[] = [];
const memoVals: (AcctTime | null)[] = [];
let memoNext = 0;

export function parseAcctTime(raw: string | null | undefined): AcctTime | null {
  if (!raw) return null;
  for (let i = 0; i < memoKeys.length; i++) if (memoKeys[i] === raw) return memoVals[i] ?? null;
  const parsed = parseUncached(raw);
  const val = parsed && Object.freeze(parsed);
  memoKeys[memoNext] = raw;
  memoVals[memoNext] = val;
  memoNext = (memoNext + 1) % MEMO_SLOTS;
  return val;
}

function parseUncached(raw: string): AcctTime | null {
  const s = raw.trim();
  if (s === '') return null;

  const unix = UNIX.exec(s);
  if (unix) {
    const ms = Number(unix[1]) * 1000 + fractionMs(unix[2]);
    return { ms, utcAssumed: false };
  }

  let y: string, mo: string, d: string, h: string, mi: string, se: string, frac: string | undefined, zone: string | undefined;
  const iso = ISO.exec(s);
  if (iso) {
    [, y = '', mo = '', d = '', h = '', mi = '', se = '', frac, zone] = iso;
  } else {
    const us = US.exec(s);
    if (!us) return null;
    [, mo = '', d = '', y = '', h = '', mi = '', se = '', frac, zone] = us;
  }

  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(se);
  // 60 allows a leap second as printed by some syslog-ish clocks; Date.UTC rolls it over.
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return null;
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC silently rolls 31 Feb into March; reject instead.
  if (new Date(local).getUTCDate() !== day && second !== 60) return null;

  const offsetMin = parseOffset(zone);
  if (offsetMin === null) return null;
  return { ms: local - (offsetMin ?? 0) * 60_000 + fractionMs(frac), utcAssumed: zone === undefined };
}

/** Minutes east of UTC; undefined when absent; null when out of range. */
function parseOffset(zone: string | undefined): number | undefined | null {
  if (zone === undefined) return undefined;
  if (zone === 'Z' || zone === 'z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hh = Number(digits.slice(0, 2));
  const mm = Number(digits.slice(2, 4));
  if (hh > 14 || mm > 59) return null;
  const sign = zone[0] === '-' ? -1 : 1;
  return sign * (hh * 60 + mm);
}

function fractionMs(frac: string | undefined): number {
  if (!frac) return 0;
  return Math.floor(Number(`0.${frac}`) * 1000);
}
