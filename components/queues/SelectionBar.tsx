'use client';
// The queues page's selection bar: how many queues are selected, "select all N matching the
// filter", and the one action for all of them (pause, resume, retry now).
import type { SelectionAction } from '@/lib/actions/selection-schema';
import { ACTION_LABELS } from '@/lib/actions/types';
import { fmtInt } from '@/lib/format';
import type { QueueSelection } from './queue-selection';

const ACTIONS: SelectionAction[] = ['pause', 'resume', 'retry'];

export function SelectionBar({ sel, total, onAction }: { sel: QueueSelection; total: number; onAction: (a: SelectionAction) => void }) {
  const n = sel.all ? total : sel.count;
  if (n === 0 && total === 0) return null;
  return (
    <div className="row" data-testid="selection-bar">
      <span data-testid="selection-count">{sel.all ? `All ${fmtInt(total)} matching the filter selected` : `${fmtInt(sel.count)} selected`}</span>
      {!sel.all && total > sel.count ? (
        <button type="button" onClick={sel.selectAll} data-testid="select-all-matching">
          Select all {fmtInt(total)} matching the filter
        </button>
      ) : null}
      {n > 0 ? (
        <>
          <button type="button" onClick={sel.clear} data-testid="selection-clear">
            Clear
          </button>
          {ACTIONS.map((a) => (
            <button key={a} type="button" onClick={() => onAction(a)} data-testid={`selection-${a}`}>
              {ACTION_LABELS[a]} selected
            </button>
          ))}
        </>
      ) : null}
    </div>
  );
}
