'use client';
// Runs a queue action with an optimistic update: the matching cached queue rows (domain
// drill-down and queue lists) flip to the wanted state at once, roll back if the request
// fails, and everything fleet-related is refetched when it settles. Toasts say the outcome.
import { useMutation, useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import type { ActionResponse, QueueAction } from '@/lib/actions/types';
import { ACTION_LABELS } from '@/lib/actions/types';
import type { DomainView, QueuesResponse } from '@/lib/api/responses';
import { parseQueuePattern, queueMatchesPattern, type QueuePattern } from '@/lib/pmta/commands';
import { apiFetch, ApiClientError } from '@/lib/query/fetcher';
import { queryKeys } from '@/lib/query/keys';
import { toast } from '@/components/ui/Toast';

export interface ActionBody {
  action: QueueAction;
  pattern: string;
  nodes: 'all' | string[];
  reason?: string;
  resumeAt?: string;
  confirm?: string;
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

export function describeOutcome(r: ActionResponse): { kind: 'ok' | 'warn' | 'danger'; title: string; body: string } {
  const ok = r.results.filter((x) => x.status === 'ok');
  const unverified = ok.filter((x) => x.verification && x.verification.status !== 'verified' && x.verification.status !== 'sent');
  const kind = r.state === 'completed' && !unverified.length ? 'ok' : r.state === 'failed' ? 'danger' : 'warn';
  const title = `${ACTION_LABELS[r.action]} ${r.pattern}: ${ok.length} of ${r.results.length} node(s) ok`;
  const body = r.results.map((x) => `${x.node}: ${x.status} – ${x.text}${x.verification ? ` (${x.verification.status})` : ''}`).join('\n');
  return { kind, title, body };
}

export function useQueueAction(opts: { onDone?: (r: ActionResponse) => void } = {}) {
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
