// The one query-key factory. Keys nest under `pmta` so one invalidation prefix refreshes
// everything fleet-related after an action.
import type { QueryKey } from '@tanstack/react-query';
import type { ChangeKind } from '@/lib/events/kinds';
import type { QueryParams } from './fetcher';

const all = ['pmta'] as const;

export const queryKeys = {
  all,
  me: () => [...all, 'me'] as const,
  nodes: () => [...all, 'nodes'] as const,
  status: () => [...all, 'status'] as const,
  overview: () => [...all, 'overview'] as const,
  queues: (params: QueryParams) => [...all, 'queues', params] as const,
  queueDetail: (node: string, queue: string) => [...all, 'queue-detail', node, queue] as const,
  domain: (domain: string) => [...all, 'domain', domain] as const,
  domainSuggestions: (q: string) => [...all, 'domain-suggestions', q] as const,
  vmtas: (params: QueryParams = {}) => [...all, 'vmtas', params] as const,
  backoff: (params: QueryParams = {}) => [...all, 'backoff', params] as const,
  history: (params: QueryParams) => [...all, 'history', params] as const,
  bounces: (params: QueryParams) => [...all, 'bounces', params] as const,
  audit: (params: QueryParams) => [...all, 'audit', params] as const,
  actionPreview: (params: QueryParams) => [...all, 'action-preview', params] as const,
  scheduledResumes: () => [...all, 'scheduled-resumes'] as const,
  toolPreview: (params: QueryParams) => [...all, 'tool-preview', params] as const,
  selectionPreview: (body: object) => [...all, 'selection-preview', body] as const,
  sources: (params: QueryParams) => [...all, 'sources', params] as const,
  disabledSources: () => [...all, 'disabled-sources'] as const,
  jobsAccounting: (params: QueryParams) => [...all, 'jobs-accounting', params] as const,
  jobDetail: (job: string, params: QueryParams) => [...all, 'job-detail', job, params] as const,
  jobs: () => [...all, 'jobs'] as const,
  ledger: () => [...all, 'ledger'] as const,
  licenses: () => [...all, 'licenses'] as const,
  queueSettings: (node: string, queue: string) => [...all, 'queue-settings', node, queue] as const,
  sessions: () => [...all, 'sessions'] as const,
  alerts: (params: QueryParams = {}) => [...all, 'alerts', params] as const,
  /** Mutation key of queue actions (rows read pending actions through useMutationState). */
  action: () => [...all, 'action'] as const,
};

/**
 * The query keys (prefixes) each kind of GET /api/events names: what a page refetches when
 * that kind changed (lib/query/change-feed.ts). Prefixes of plain strings only. A polled query
 * under none of them (bounces, sources, jobs, sessions, previews) keeps polling as before.
 */
export const changeKeys: Record<ChangeKind, readonly QueryKey[]> = {
  fleet: [queryKeys.overview(), queryKeys.nodes(), [...all, 'queues'], [...all, 'queue-detail'], [...all, 'domain'], [...all, 'vmtas'], [...all, 'backoff']],
  history: [[...all, 'history']],
  alerts: [[...all, 'alerts']],
  audit: [[...all, 'audit'], queryKeys.scheduledResumes()],
  status: [queryKeys.status()],
};

/** The kind whose events cover `key`, or null (then the query polls whatever the feed does). */
export function changeKindOf(key: QueryKey): ChangeKind | null {
  for (const [kind, prefixes] of Object.entries(changeKeys) as [ChangeKind, readonly QueryKey[]][])
    if (prefixes.some((p) => p.every((part, i) => key[i] === part))) return kind;
  return null;
}

/** How often pages ask the console for fresh data; the console itself polls PowerMTA. */
export const REFRESH_MS = 5_000;
