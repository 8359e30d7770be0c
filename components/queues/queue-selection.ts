'use client';
// What is selected on the queues page: rows picked one by one (checkboxes, shift-click for a
// range of the rows on screen), or "every queue matching the filter" — which the server resolves
// per node at preview and send time, so it covers queues the page never loaded. A new view
// (filter or sort) starts with nothing selected.
import { useCallback, useState } from 'react';
import type { Selection, SelectionFilter } from '@/lib/actions/selection-schema';
import type { QueueView } from './queue-url';

const keyOf = (node: string, queue: string) => `${node}\u0000${queue}`;

export interface QueuePick {
  node: string;
  queue: string;
}

/** The page's filter in the selection body's terms (the same fields /api/queues filters by). */
export function selectionFilter(v: QueueView): SelectionFilter {
  const bool = (s: '' | 'true' | 'false') => (s === '' ? undefined : s === 'true');
  return {
    q: v.q.trim() || undefined,
    node: v.node || undefined,
    vmta: v.vmta || undefined,
    mode: v.mode || undefined,
    paused: bool(v.paused),
    errors: bool(v.errors),
  };
}

export function useQueueSelection(viewKey: string) {
  const [state, setState] = useState<{ viewKey: string; picked: Map<string, QueuePick>; all: boolean; anchor: number | null }>(() => ({
    viewKey,
    picked: new Map(),
    all: false,
    anchor: null,
  }));
  // A new view drops the selection (derived during render, no effect).
  const s = state.viewKey === viewKey ? state : { viewKey, picked: new Map<string, QueuePick>(), all: false, anchor: null };
  if (s !== state) setState(s);

  /** Click on row `index`; with shift, every loaded row between the last click and this one takes its new state. */
  const toggle = useCallback(
    (index: number, shift: boolean, rowAt: (i: number) => QueuePick | undefined) =>
      setState((prev) => {
        const picked = new Map(prev.picked);
        const here = rowAt(index);
        if (!here) return prev;
        const on = !picked.has(keyOf(here.node, here.queue));
        const [lo, hi] = shift && prev.anchor !== null ? [Math.min(prev.anchor, index), Math.max(prev.anchor, index)] : [index, index];
        for (let i = lo; i <= hi; i++) {
          const r = rowAt(i);
          if (!r) continue;
          if (on) picked.set(keyOf(r.node, r.queue), { node: r.node, queue: r.queue });
          else picked.delete(keyOf(r.node, r.queue));
        }
        return { ...prev, picked, all: false, anchor: index };
      }),
    [],
  );
  const selectAll = useCallback(() => setState((prev) => ({ ...prev, all: true, picked: new Map(), anchor: null })), []);
  const clear = useCallback(() => setState((prev) => ({ ...prev, all: false, picked: new Map(), anchor: null })), []);
  const isPicked = (node: string, queue: string) => s.all || s.picked.has(keyOf(node, queue));
  const selection = (view: QueueView): Selection | null =>
    s.all ? { filter: selectionFilter(view) } : s.picked.size ? { queues: [...s.picked.values()] } : null;
  return { all: s.all, count: s.picked.size, isPicked, toggle, selectAll, clear, selection };
}
export type QueueSelection = ReturnType<typeof useQueueSelection>;
