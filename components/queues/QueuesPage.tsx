'use client';
import { useCallback, useMemo, useState } from 'react';
import { fmtInt, fmtKb } from '@/lib/format';
import { withQuery } from '@/lib/query/fetcher';
import { usePrefetchQueues, useQueuesQuery } from '@/lib/query/queues';
import { QueryState } from '@/components/ui/QueryState';
import { useUrlParams } from '@/components/ui/useUrlParams';
import { QueueFilters } from './QueueFilters';
import { nextSort, parseQueueView, QUEUE_STEP, queueWindowParams, viewParams, type SortKey } from './queue-url';
import { VirtualQueueTable } from './VirtualQueueTable';
import { useQueueSelection } from './queue-selection';
import { SelectionBar } from './SelectionBar';
import { SelectionDialog } from './SelectionDialog';
import { useActDenial } from '@/lib/query/session';
import type { SelectionTarget } from '@/lib/query/selection';

export function QueuesPage() {
  const [sp, set] = useUrlParams();
  const view = parseQueueView(sp);
  const params = useMemo(() => viewParams(view), [view.q, view.node, view.vmta, view.mode, view.paused, view.errors, view.sort, view.dir]); // eslint-disable-line react-hooks/exhaustive-deps
  const [offset, setOffset] = useState(0);
  const onFirstVisible = useCallback((i: number) => setOffset(Math.max(0, Math.floor(i / QUEUE_STEP) * QUEUE_STEP - QUEUE_STEP)), []);
  // The one polling query of this page: the current window of the current view (the server
  // prefetches the first window: app/(console)/queues/page.tsx).
  const q = useQueuesQuery(queueWindowParams(params, offset));
  const d = q.data;
  // Selection (operators): checkboxes, shift-click ranges, "all matching the filter"; one action for all.
  const canAct = !useActDenial().denial;
  const sel = useQueueSelection(JSON.stringify(params));
  const [target, setTarget] = useState<SelectionTarget | null>(null);
  const prefetchQueues = usePrefetchQueues();
  const onSort = useCallback(
    (key: SortKey) => {
      const current = parseQueueView(new URLSearchParams(window.location.search));
      const sorted = nextSort(current, key);
      // A new view starts at the top: its first window is what the table will ask for.
      prefetchQueues(queueWindowParams(viewParams({ ...current, ...sorted }), 0));
      set(sorted);
    },
    [set, prefetchQueues],
  );
  return (
    <div className="grid">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h1 style={{ margin: 0 }}>Queues</h1>
        {d ? (
          <span className="muted" data-testid="queue-totals">
            <strong data-testid="queue-count">{fmtInt(d.total)}</strong> queues · {fmtInt(d.totals.rcp)} rcpt · {fmtKb(d.totals.kb)} · {fmtInt(d.totals.conn)}{' '}
            conn · {fmtInt(d.totals.backoff)} in backoff · {fmtInt(d.totals.paused)} paused
          </span>
        ) : null}
      </div>
      <QueueFilters view={view} set={set} exportHref={withQuery('/api/queues/export', params)} />
      {canAct && d ? (
        <SelectionBar
          sel={sel}
          total={d.total}
          onAction={(action) => {
            const selection = sel.selection(view);
            if (selection) setTarget({ action, selection });
          }}
        />
      ) : null}
      {target ? <SelectionDialog key={JSON.stringify(target)} target={target} onClose={() => setTarget(null)} onSent={sel.clear} /> : null}
      <QueryState isPending={q.isPending} error={q.error} what="the queue list">
        <VirtualQueueTable
          view={view}
          data={d}
          dim={q.isPlaceholderData}
          onSort={onSort}
          onFirstVisible={onFirstVisible}
          selection={canAct ? sel : undefined}
        />
      </QueryState>
    </div>
  );
}
