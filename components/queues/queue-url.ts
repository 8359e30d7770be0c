// The queue list's view as URL parameters — the same names /api/queues and its CSV export
// take, so the page URL, the API call and the export link all describe one view. Unknown or
// malformed values fall back to defaults instead of breaking the page.
import type { QueryParams } from '@/lib/query/fetcher';

export const SORT_KEYS = ['node', 'name', 'domain', 'vmta', 'rcp', 'kb', 'conn', 'mode', 'paused', 'retryTime'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
const NUMERIC: ReadonlySet<SortKey> = new Set(['rcp', 'kb', 'conn']);

export interface QueueView {
  q: string;
  node: string;
  mode: '' | 'normal' | 'backoff';
  paused: '' | 'true' | 'false';
  errors: '' | 'true' | 'false';
  sort: SortKey;
  dir: 'asc' | 'desc';
}

export const DEFAULT_VIEW: QueueView = { q: '', node: '', mode: '', paused: '', errors: '', sort: 'rcp', dir: 'desc' };

const oneOf = <T extends string>(v: string | null, allowed: readonly T[], fallback: T): T => (v !== null && (allowed as readonly string[]).includes(v) ? (v as T) : fallback);

export function parseQueueView(sp: URLSearchParams): QueueView {
  return {
    q: (sp.get('q') ?? '').slice(0, 300),
    node: /^[a-z0-9][a-z0-9_-]{0,62}$/.test(sp.get('node') ?? '') ? sp.get('node')! : '',
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
    mode: v.mode || undefined,
    paused: v.paused || undefined,
    errors: v.errors || undefined,
    sort: v.sort === DEFAULT_VIEW.sort ? undefined : v.sort,
    dir: v.dir === DEFAULT_VIEW.dir ? undefined : v.dir,
  };
}

/** Clicking a header: the same column flips direction; a new one starts largest-first for numbers, A→Z for text. */
export function nextSort(v: QueueView, key: SortKey): Pick<QueueView, 'sort' | 'dir'> {
  if (v.sort === key) return { sort: key, dir: v.dir === 'asc' ? 'desc' : 'asc' };
  return { sort: key, dir: NUMERIC.has(key) ? 'desc' : 'asc' };
}

/** Rows fetched per window step; the window spans four steps around the first visible row. */
export const QUEUE_STEP = 100;

/** /api/queues parameters (and query-key parameters) of the window starting at `offset`. */
export function queueWindowParams(params: QueryParams, offset: number): QueryParams {
  return { ...params, offset, limit: 4 * QUEUE_STEP };
}
