'use client';
// A window onto a list that may hold 100k queues: the scroll height is the full list's, but only
// the visible rows (plus overscan) exist in the DOM, and only the window around them is fetched
// (the page asks /api/queues for `offset`/`limit` as the user scrolls). Rows not fetched yet show
// a placeholder until their window arrives.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import { useNodesQuery } from '@/lib/query/overview';
import type { QueuesResponse } from '@/lib/api/responses';
import { QueueCells } from './QueueCells';
import type { QueueView, SortKey } from './queue-url';
import type { QueueSelection } from './queue-selection';

export const ROW_PX = 28;
// Before the scroller is measured (server render, hydration) the virtualizer assumes this box,
// so the server-rendered page already shows the first rows and hydration renders the same ones.
const INITIAL_RECT = { width: 1200, height: 640 };
// The last error has no width: in a fixed layout it takes what is left, so it is the column
// that truncates first (the retry time keeps its width). Narrow screens hide the columns that
// are not key (app/globals.css, by data-col): name, recipients, mode and Act always stay.
type Column = { key: SortKey | 'error' | 'actions' | 'select'; label: string; title?: string; num?: boolean; width?: number };
const COLUMNS: Column[] = [
  { key: 'node', label: 'Node', width: 80 },
  { key: 'domain', label: 'Domain', width: 170 },
  { key: 'vmta', label: 'vMTA', width: 110 },
  { key: 'rcp', label: 'Rcpt', title: 'Recipients queued', num: true, width: 80 },
  { key: 'kb', label: 'Size', num: true, width: 80 },
  { key: 'conn', label: 'Conn', title: 'Open connections', num: true, width: 56 },
  { key: 'mode', label: 'Mode', width: 80 },
  { key: 'paused', label: 'Paused', width: 66 },
  { key: 'retryTime', label: 'Next retry (UTC)', num: true, width: 150 },
  { key: 'error', label: 'Last error' },
  { key: 'actions', label: 'Act', width: 76 },
];
/** The checkbox column, first, for those who may act (the selection bar acts on what is ticked). */
const SELECT_COLUMN: Column = { key: 'select', label: '', title: 'Select (shift-click: a range)', width: 28 };

interface Props {
  view: QueueView;
  data: QueuesResponse | undefined;
  dim: boolean;
  onSort: (key: SortKey) => void;
  /** First row index the user can see; the page fetches the window around it. */
  onFirstVisible: (index: number) => void;
  /** Row selection (operators); without it there is no checkbox column. */
  selection?: QueueSelection;
}

export function VirtualQueueTable({ view, data, dim, onSort, onFirstVisible, selection }: Props) {
  const columns = selection ? [SELECT_COLUMN, ...COLUMNS] : COLUMNS;
  const scroller = useRef<HTMLDivElement>(null);
  // The top bar polls /api/nodes already: the same query, no second request.
  const nodes = useNodesQuery().data?.nodes;
  const clocks = useMemo(() => new Map((nodes ?? []).map((n) => [n.id, n.clock])), [nodes]);
  const count = data?.total ?? 0;
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read in this render only
  const v = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => ROW_PX, overscan: 20, initialRect: INITIAL_RECT });
  const items = v.getVirtualItems();
  const first = items[0]?.index ?? 0;
  useEffect(() => onFirstVisible(first), [first, onFirstVisible]);
  // A new filter or sort starts at the top.
  const viewKey = JSON.stringify(view);
  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
  }, [viewKey]);
  const top = items[0]?.start ?? 0;
  const bottom = v.getTotalSize() - (items.at(-1)?.end ?? 0);
  const rowAt = (i: number) => (data && i >= data.offset && i < data.offset + data.rows.length ? data.rows[i - data.offset] : undefined);
  const pickAt = (i: number) => {
    const r = rowAt(i);
    return r ? { node: r.node, queue: r.name } : undefined;
  };
  return (
    <div ref={scroller} className="vscroll" style={{ opacity: dim ? 0.6 : 1 }} data-testid="queue-scroller">
      <table className="data fixed" data-testid="queue-table">
        <colgroup>
          {columns.map((c) => (
            <col key={c.key} data-col={c.key} style={c.width ? { width: c.width } : undefined} />
          ))}
        </colgroup>
        <thead>
          <tr>
            {columns.map((c) => (
              <th
                key={c.key}
                data-col={c.key}
                title={c.title}
                className={c.num ? 'num' : undefined}
                aria-sort={view.sort === c.key ? (view.dir === 'asc' ? 'ascending' : 'descending') : undefined}
              >
                {c.key === 'error' || c.key === 'actions' || c.key === 'select' ? (
                  c.label
                ) : (
                  <button type="button" className="th-sort" data-testid={`sort-${c.key}`} onClick={() => onSort(c.key as SortKey)}>
                    {c.label}
                    {view.sort === c.key ? (view.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                  </button>
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {top > 0 ? <tr aria-hidden style={{ height: top }} /> : null}
          {items.map((it) => {
            const r = rowAt(it.index);
            return (
              <tr key={it.key} style={{ height: ROW_PX }} data-testid={r ? 'queue-row' : 'queue-row-pending'} data-index={it.index}>
                {r && selection ? (
                  <td data-col="select">
                    <input
                      type="checkbox"
                      aria-label={`Select ${r.node} ${r.name}`}
                      data-testid="queue-select"
                      checked={selection.isPicked(r.node, r.name)}
                      onChange={() => undefined}
                      onClick={(e) => selection.toggle(it.index, e.shiftKey, pickAt)}
                    />
                  </td>
                ) : null}
                {r ? (
                  <QueueCells r={r} clock={clocks.get(r.node)} />
                ) : (
                  <td colSpan={columns.length} className="muted">
                    …
                  </td>
                )}
              </tr>
            );
          })}
          {bottom > 0 ? <tr aria-hidden style={{ height: bottom }} /> : null}
        </tbody>
      </table>
      {data && count === 0 ? (
        <p className="muted" style={{ padding: 8 }}>
          No queue matches this view.
        </p>
      ) : null}
    </div>
  );
}
