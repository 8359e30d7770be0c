// The queue list's view as URL parameters — the same names /api/queues and its CSV export
// take, so the page URL, the API call and the export link all describe one view. Unknown or
// malformed values fall back to defaults instead of breaking the page.
import type { QueryParams } from '@/lib/query/fetcher';

export const SORT_KEYS = ['node', 'name', 'domain', 'vmta', 'rcp', 'kb', 'conn', 'mode', 'paused', 'retryTime'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
/** The useful first direction per column: the biggest numbers, the queues in backoff and the
 * paused ones first (the server orders mode and paused by "is backoff"/"is paused"); names A→Z;
 * the soonest retry first. */
const FIRST_DIR: Record<SortKey, 'asc' | 'desc'> = {
  node: 'asc',
  name: 'asc',
  domain: 'asc',
  vmta: 'asc',
  rcp: 'desc',
  kb: 'desc',
  conn: 'desc',
  mode: 'desc',
  paused: 'desc',
  retryTime: 'asc',
};
const VMTA = /^[^\s/]{1,200}$/;

export interface QueueView {
  q: string;
  node: string;
  /** One vMTA by exact name, '' for all. */
  vmta: string;
  mode: '' | 'normal' | 'backoff';
  paused: '' | 'true' | 'false';
  errors: '' | 'true' | 'false';
  sort: SortKey;
  dir: 'asc' | 'desc';
}

export const DEFAULT_VIEW: QueueView = { q: '', node: '', vmta: '', mode: '', paused: '', errors: '', sort: 'rcp', dir: 'desc' };

const oneOf = <T extends string>(v: string | null, allowed: readonly T[], fallback: T): T =>
  v !== null && (allowed as readonly string[]).includes(v) ? (v as T) : fallback;

export function parseQueueView(sp: URLSearchParams): QueueView {
  return {
    q: (sp.get('q') ?? '').slice(0, 300),
    node: /^[a-z0-9][a-z0-9_-]{0,62}$/.test(sp.get('node') ?? '') ? sp.get('node')! : '',
    vmta: VMTA.test(sp.get('vmta') ?? '') ? sp.get('vmta')! : '',
    mode: oneOf(sp.get('mode'), ['', 'normal', 'backoff'], ''),
    paused: oneOf(sp.get('paused'), ['', 'true', 'false'], ''),
    errors: oneOf(sp.get('errors'), ['', 'true', 'false'], ''),
    sort: oneOf(sp.get('sort'), SORT_KEYS, DEFAULT_VIEW.sort),
    dir: oneOf(sp.get('dir'), ['asc', 'desc'], DEFAULT_VIEW.dir),
  };
}

/** Parameters for /api/queues and /api/queues/export; defaults are left out. */
export function viewParams(v: QueueView): QueryParams {
  return {
    q: v.q.trim() || undefined,
    node: v.node || undefined,
    vmta: v.vmta || undefined,
    mode: v.mode || undefined,
    paused: v.paused || undefined,
    errors: v.errors || undefined,
    sort: v.sort === DEFAULT_VIEW.sort ? undefined : v.sort,
    dir: v.dir === DEFAULT_VIEW.dir ? undefined : v.dir,
  };
}

/** Clicking a header: the same column flips direction; a new one starts in its useful direction (FIRST_DIR). */
export function nextSort(v: QueueView, key: SortKey): Pick<QueueView, 'sort' | 'dir'> {
  if (v.sort === key) return { sort: key, dir: v.dir === 'asc' ? 'desc' : 'asc' };
  return { sort: key, dir: FIRST_DIR[key] };
}

/** Rows fetched per window step; the window spans four steps around the first visible row. */
export const QUEUE_STEP = 100;

/** /api/queues parameters (and query-key parameters) of the window starting at `offset`. */
export function queueWindowParams(params: QueryParams, offset: number): QueryParams {
  return { ...params, offset, limit: 4 * QUEUE_STEP };
}
