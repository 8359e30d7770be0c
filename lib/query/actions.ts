'use client';
// Queue actions: the blast-radius preview, pending scheduled resumes, and the action itself
// with an optimistic update: the matching cached queue rows (domain drill-down and queue
// lists) flip to the wanted state at once, roll back if the request fails, and everything
// fleet-related is refetched when it settles. Toasts say the outcome. Rows read actions in
// flight through usePendingActionsState (the action's mutation key).
import { useMutation, useMutationState, useQuery, useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import type { ActionResponse, QueueAction } from '@/lib/actions/types';
import { ACTION_LABELS } from '@/lib/actions/types';
import type { DomainView, QueuesResponse } from '@/lib/api/responses';
import { parseQueuePattern, queueMatchesPattern, type QueuePattern } from '@/lib/pmta/commands';
import { toast } from '@/components/ui/Toast';
import { apiFetch, ApiClientError } from './fetcher';
import { queryKeys } from './keys';
import { polled } from './polling';

export interface PreviewTarget {
  action: QueueAction;
  pattern: string;
  nodes: 'all' | string[];
  /** Stale or down nodes the operator chose to include anyway. */
  includeDown?: string[];
}

export interface ActionBody {
  action: QueueAction;
  pattern: string;
  nodes: 'all' | string[];
  includeDown?: string[];
  reason?: string;
  resumeAt?: string;
  confirm?: string;
}

export const nodesParam = (nodes: 'all' | string[]) => (nodes === 'all' ? 'all' : nodes.join(','));

export function useActionPreviewQuery(target: PreviewTarget | null) {
  const query = target
    ? {
        action: target.action,
        pattern: target.pattern,
        nodes: nodesParam(target.nodes),
        ...(target.includeDown?.length ? { includeDown: target.includeDown.join(',') } : {}),
      }
    : {};
  return useQuery({
    queryKey: queryKeys.actionPreview(query),
    queryFn: ({ signal }) => apiFetch('/api/actions/preview', { query, signal }),
    enabled: target !== null,
    ...polled,
  });
}

export function useScheduledResumesQuery() {
  return useQuery({
    queryKey: queryKeys.scheduledResumes(),
    queryFn: ({ signal }) => apiFetch('/api/actions/scheduled', { signal }),
    ...polled,
  });
}

type Row = { node: string; name: string; paused: boolean | null; mode: string | null };

function patchRow<R extends Row>(r: R, b: ActionBody, p: QueuePattern): R {
  if (b.nodes !== 'all' && !b.nodes.includes(r.node)) return r;
  if (!queueMatchesPattern(r.name, p)) return r;
  if (b.action === 'pause') return { ...r, paused: true };
  if (b.action === 'resume') return { ...r, paused: false };
  if (b.action === 'reset-backoff') return { ...r, mode: 'normal' };
  return r;
}

function patchCaches(qc: QueryClient, b: ActionBody): [QueryKey, unknown][] {
  let p: QueuePattern;
  try {
    p = parseQueuePattern(b.pattern);
  } catch {
    return []; // the server will refuse it with the reason; nothing to predict
  }
  const domainKey = queryKeys.domain('').slice(0, 2);
  const queuesKey = queryKeys.queues({}).slice(0, 2);
  const saved = [...qc.getQueriesData({ queryKey: domainKey }), ...qc.getQueriesData({ queryKey: queuesKey })];
  qc.setQueriesData<DomainView>({ queryKey: domainKey }, (d) => (d ? { ...d, queues: d.queues.map((r) => patchRow(r, b, p)) } : d));
  qc.setQueriesData<QueuesResponse>({ queryKey: queuesKey }, (d) => (d ? { ...d, rows: d.rows.map((r) => patchRow(r, b, p)) } : d));
  return saved;
}

/** PowerMTA accepted the command but it touched nothing ("0 of 5 matching queues scheduled", no queue matched). */
export function changedNothing(x: ActionResponse['results'][number]): boolean {
  return x.status === 'ok' && (/^\s*0 of \d+\b/.test(x.text) || x.verification?.matched === 0);
}

export function describeOutcome(r: ActionResponse): { kind: 'ok' | 'warn' | 'danger'; title: string; body: string } {
  const ok = r.results.filter((x) => x.status === 'ok');
  const unverified = ok.filter((x) => x.verification && x.verification.status !== 'verified' && x.verification.status !== 'sent');
  const idle = ok.filter(changedNothing);
  const kind = r.state === 'completed' && !unverified.length && !idle.length ? 'ok' : r.state === 'failed' ? 'danger' : 'warn';
  const title = `${ACTION_LABELS[r.action]} ${r.pattern}: ${ok.length} of ${r.results.length} node(s) ok${idle.length ? ` — changed nothing on ${idle.map((x) => x.node).join(', ')}` : ''}`;
  const body = r.results.map((x) => `${x.node}: ${x.status} – ${x.text}${x.verification ? ` (${x.verification.status})` : ''}`).join('\n');
  return { kind, title, body };
}

export function useQueueActionMutation(opts: { onDone?: (r: ActionResponse) => void } = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationKey: queryKeys.action(),
    mutationFn: (body: ActionBody) => apiFetch('/api/actions', { method: 'POST', body }),
    onMutate: async (body) => {
      await qc.cancelQueries({ queryKey: queryKeys.domain('').slice(0, 2) });
      await qc.cancelQueries({ queryKey: queryKeys.queues({}).slice(0, 2) });
      return { saved: patchCaches(qc, body) };
    },
    onError: (e, body, ctx) => {
      for (const [key, data] of ctx?.saved ?? []) qc.setQueryData(key, data);
      toast({ kind: 'danger', title: `${ACTION_LABELS[body.action]} ${body.pattern} refused`, body: e instanceof ApiClientError ? e.message : String(e) });
    },
    onSuccess: (r) => {
      toast(describeOutcome(r));
      opts.onDone?.(r);
    },
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.all }),
  });
}

/** Bodies of the queue actions in flight right now (every mounted useQueueActionMutation). */
export function usePendingActionsState(): ActionBody[] {
  return useMutationState({
    filters: { mutationKey: queryKeys.action(), status: 'pending' },
    select: (m) => m.state.variables as ActionBody | undefined,
  }).filter((b): b is ActionBody => b !== undefined);
}

/** Cancel a pending automatic resume (the queues stay paused). */
export function useCancelResumeMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiFetch('/api/actions/scheduled/{id}', { method: 'DELETE', params: { id: String(id) } }),
    onSuccess: (r) =>
      toast({
        kind: 'ok',
        title: `Automatic resume of ${r.cancelled.pattern} cancelled`,
        body: `It stays paused on ${r.cancelled.nodes.join(', ')} until resumed (audit #${r.auditId}).`,
      }),
    onError: (e) => toast({ kind: 'danger', title: 'Cancel refused', body: e instanceof ApiClientError ? e.message : String(e) }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.all }),
  });
}
