'use client';
// The queues page's selection action: its preview (every selected queue per node, POSTed because
// a selection can name many queues) and the action itself through POST /api/actions.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ActionResponse } from '@/lib/actions/types';
import type { Selection, SelectionAction } from '@/lib/actions/selection-schema';
import { toast } from '@/components/ui/Toast';
import { apiFetch, ApiClientError } from './fetcher';
import { queryKeys } from './keys';
import { describeOutcome } from './actions';

export interface SelectionTarget {
  action: SelectionAction;
  selection: Selection;
}

export function useSelectionPreviewQuery(target: SelectionTarget | null) {
  return useQuery({
    queryKey: queryKeys.selectionPreview(target ?? {}),
    queryFn: ({ signal }) => apiFetch('/api/actions/selection/preview', { method: 'POST', body: target!, signal }),
    enabled: target !== null,
    retry: false,
    // What the operator confirms is this list: it does not change under them while they read it.
    staleTime: Infinity,
  });
}

export function useSelectionActionMutation(opts: { onDone?: (r: ActionResponse) => void } = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationKey: queryKeys.action(),
    mutationFn: (body: SelectionTarget & { confirm: string; reason?: string }) => apiFetch('/api/actions', { method: 'POST', body }),
    onError: (e, body) =>
      toast({ kind: 'danger', title: `${body.action} of the selection refused`, body: e instanceof ApiClientError ? e.message : String(e) }),
    onSuccess: (r) => {
      toast(describeOutcome(r));
      opts.onDone?.(r);
    },
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.all }),
  });
}
