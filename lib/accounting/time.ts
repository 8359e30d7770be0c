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
  const printed = parsePrinted(raw);
  if (printed !== undefined) return printed;
  for (let i = 0; i < memoKeys.length; i++) if (memoKeys[i] === raw) return memoVals[i] ?? null;
  const parsed = parseUncached(raw);
  const val = parsed && Object.freeze(parsed);
  memoKeys[memoNext] = raw;
  memoVals[memoNext] = val;
  memoNext = (memoNext + 1) % MEMO_SLOTS;
  return val;
}

// The form PowerMTA prints, `YYYY-MM-DD HH:MM:SS+hhmm` (24 chars), read from char codes with the
// day's epoch remembered: the regex below costs ~1 µs a call, and timeQueued differs per row,
// so the memo misses for it. Each call returns a fresh object (no freeze, nothing shared).
// Anything else (or out of range) goes the regex way.
let dayKey = NaN;
let dayMs = NaN;

function parsePrinted(s: string): AcctTime | undefined {
  if (s.length !== 24 || s.charCodeAt(10) !== 0x20 || s.charCodeAt(4) !== 0x2d || s.charCodeAt(7) !== 0x2d) return undefined;
  if (s.charCodeAt(13) !== 0x3a || s.charCodeAt(16) !== 0x3a) return undefined;
  const sign = s.charCodeAt(19);
  if (sign !== 0x2b && sign !== 0x2d) return undefined;
  const hour = two(s, 11);
  const minute = two(s, 14);
  const second = two(s, 17);
  const oh = two(s, 20);
  const om = two(s, 22);
  // Out of range (or a leap second) is left to the general path, which knows what to do.
  if (!(hour <= 23 && minute <= 59 && second <= 59 && oh <= 14 && om <= 59)) return undefined;
  const y = 100 * two(s, 0) + two(s, 2);
  const mo = two(s, 5);
  const d = two(s, 8);
  const day = (y * 100 + mo) * 100 + d;
  if (day !== dayKey) {
    const ms = Date.UTC(y, mo - 1, d);
    if (!(y >= 0 && mo >= 1 && mo <= 12 && d >= 1) || new Date(ms).getUTCDate() !== d) return undefined;
    [dayKey, dayMs] = [day, ms];
  }
  const offsetMin = (sign === 0x2d ? -1 : 1) * (oh * 60 + om);
  return { ms: dayMs + ((hour * 60 + minute - offsetMin) * 60 + second) * 1000, utcAssumed: false };
}

/** Two decimal digits at `i`, NaN if either is not a digit. */
function two(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : NaN;
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
