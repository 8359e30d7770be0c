// Client-side sorting of small tables (bounces, complaints, ingestion): one rule for every
// table — a new column starts in its useful direction (numbers largest first, text A→Z), the
// same column flips, unknown values (null/NaN) always sort last. Pure module.
export type SortDir = 'asc' | 'desc';
export interface SortState<K extends string> {
  key: K;
  dir: SortDir;
}
export type SortValue = number | string | null | undefined;

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** The state after clicking column `key` (numeric: is it a number column). */
export function nextSortState<K extends string>(cur: SortState<K>, key: K, numeric: boolean): SortState<K> {
  if (cur.key === key) return { key, dir: cur.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: numeric ? 'desc' : 'asc' };
}

const unknown = (v: SortValue) => v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));

/** A sorted copy; ties keep their input order (Array.prototype.sort is stable). */
export function sortRows<T>(rows: readonly T[], value: (r: T) => SortValue, dir: SortDir): T[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (unknown(x) || unknown(y)) return unknown(x) === unknown(y) ? 0 : unknown(x) ? 1 : -1;
    if (typeof x === 'number' && typeof y === 'number') return sign * (x - y);
    return sign * collator.compare(String(x), String(y));
  });
}
