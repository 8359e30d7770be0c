'use client';
// A sortable column head and the state behind it (table-sort.ts), for small client-side tables.
import { useState, type ReactNode } from 'react';
import { nextSortState, sortRows, type SortState, type SortValue } from './table-sort';

export interface SortColumn<T, K extends string> {
  key: K;
  value: (r: T) => SortValue;
  numeric?: boolean;
}

/** Rows sorted by the current column, and the click handler for a head. */
export function useTableSort<T, K extends string>(rows: readonly T[], columns: readonly SortColumn<T, K>[], initial: SortState<K>) {
  const [state, setState] = useState(initial);
  const col = columns.find((c) => c.key === state.key);
  const sorted = col ? sortRows(rows, col.value, state.dir) : [...rows];
  const onSort = (key: K) => setState((s) => nextSortState(s, key, columns.find((c) => c.key === key)?.numeric ?? false));
  return { sorted, state, onSort };
}

export function SortableTh<K extends string>({
  k,
  state,
  onSort,
  num,
  title,
  children,
}: {
  k: K;
  state: SortState<K>;
  onSort: (k: K) => void;
  num?: boolean;
  title?: string;
  children: ReactNode;
}) {
  const on = state.key === k;
  return (
    <th className={num ? 'num' : undefined} title={title} aria-sort={on ? (state.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <button type="button" className="th-sort" onClick={() => onSort(k)} data-testid={`th-sort-${k}`}>
        {children}
        {on ? (state.dir === 'asc' ? ' ▲' : ' ▼') : ''}
      </button>
    </th>
  );
}
