'use client';
// The toolbox's hooks: jobs, the ledger, licences, queue settings, and the toolbox action
// (preview, then POST /api/actions) for jobs, sources, delete and restores.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ActionResponse } from '@/lib/actions/types';
import { toast } from '@/components/ui/Toast';
import { apiFetch, ApiClientError } from './fetcher';
import { queryKeys } from './keys';
import { polled } from './polling';
import { describeOutcome, nodesParam } from './actions';
import type { z } from 'zod';
import type { toolPreviewQuerySchema } from '@/lib/toolbox/request-schema';
import { bounceKeyParams, bounceQuery, type BounceView } from '@/components/bounces/bounce-view';

/** A toolbox body without its confirmation (what a button on a page starts from). */
export type ToolBody = (
  | { action: 'pause-job' | 'resume-job'; job: string; nodes: 'all' | string[] }
  | { action: 'disable-source'; ip: string; pattern: string; reenableAfter?: string; nodes: 'all' | string[] }
  | { action: 'enable-source'; ip: string; pattern: string; nodes: 'all' | string[] }
  | { action: 'delete'; pattern: string; olderThan?: string; dsn?: boolean; nodes: 'all' | string[] }
  | { action: 'retry-recipients'; pattern: string; nodes: 'all' | string[] }
) & {
  /** Stale or down nodes the operator chose to include anyway. */
  includeDown?: string[];
};

function previewQuery(b: ToolBody): z.input<typeof toolPreviewQuerySchema> {
  const q: z.input<typeof toolPreviewQuerySchema> = { action: b.action, nodes: nodesParam(b.nodes) };
  if ('job' in b) q.job = b.job;
  if ('ip' in b) q.ip = b.ip;
  if ('pattern' in b) q.pattern = b.pattern;
  if ('reenableAfter' in b && b.reenableAfter) q.reenableAfter = b.reenableAfter;
  if ('olderThan' in b && b.olderThan) q.olderThan = b.olderThan;
  if ('dsn' in b && b.dsn) q.dsn = 'yes';
  if (b.includeDown?.length) q.includeDown = b.includeDown.join(',');
  return q;
}

export function useToolPreviewQuery(body: ToolBody | null) {
  const query = body ? previewQuery(body) : { action: 'pause-job' as const };
  return useQuery({
    queryKey: queryKeys.toolPreview(query),
    queryFn: ({ signal }) => apiFetch('/api/toolbox/preview', { query, signal }),
    enabled: body !== null,
    retry: false,
  });
}

export function useJobsQuery() {
  return useQuery({ queryKey: queryKeys.jobs(), queryFn: ({ signal }) => apiFetch('/api/jobs', { signal }), ...polled });
}

export function useLedgerQuery() {
  return useQuery({ queryKey: queryKeys.ledger(), queryFn: ({ signal }) => apiFetch('/api/ledger', { query: {}, signal }), ...polled });
}

export function useLicensesQuery() {
  return useQuery({ queryKey: queryKeys.licenses(), queryFn: ({ signal }) => apiFetch('/api/nodes/license', { signal }), staleTime: 5 * 60_000 });
}

/** Fetched on demand (the drill-down's "Settings" button), cached briefly by the server too. */
export function useQueueSettingsQuery(node: string, queue: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.queueSettings(node, queue),
    queryFn: ({ signal }) => apiFetch('/api/queues/settings', { query: { node, queue }, signal }),
    enabled,
    staleTime: 30_000,
  });
}

export function useToolActionMutation(opts: { onDone?: (r: ActionResponse) => void } = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationKey: queryKeys.action(),
    mutationFn: (body: ToolBody & { confirm?: string; reason?: string }) => apiFetch('/api/actions', { method: 'POST', body }),
    onError: (e, body) => toast({ kind: 'danger', title: `${body.action} refused`, body: e instanceof ApiClientError ? e.message : String(e) }),
    onSuccess: (r) => {
      toast(describeOutcome(r));
      opts.onDone?.(r);
    },
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.all }),
  });
}

/** Accounting per job (delivered, bounces by class, complaints, rates) for the /jobs page's range. */
export function useJobsAccountingQuery(v: BounceView) {
  return useQuery({
    queryKey: queryKeys.jobsAccounting(bounceKeyParams(v)),
    queryFn: ({ signal }) => apiFetch('/api/jobs/accounting', { query: bounceQuery(v), signal }),
    ...polled,
  });
}

/** One job's drill-down: its `/jobs` entry per node, accounting, and queues per node. */
export function useJobDetailQuery(job: string, v: BounceView) {
  const range = { range: v.range };
  return useQuery({
    queryKey: queryKeys.jobDetail(job, bounceKeyParams(range)),
    queryFn: ({ signal }) => apiFetch('/api/jobs/{job}', { params: { job }, query: { from: bounceQuery(range).from }, signal }),
    ...polled,
  });
}
