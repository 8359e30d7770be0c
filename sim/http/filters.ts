// Query parameters shared by /queues and /domains (docs/wire-format.md §/queues).

import { QUEUE_PATTERN, queueMatcher, type SimQueue } from '../model/queue';
import { RequestError } from './errors';

export type SortKey = 'rcpt' | 'name' | 'size';

export interface QueueFilter {
  match: (q: SimQueue) => boolean;
  maxItems: number;
  sort: SortKey;
}

/** http-default-max-items. */
export const DEFAULT_MAX_ITEMS = 10;

function choice<T extends string>(params: URLSearchParams, name: string, allowed: readonly T[], fallback: T): T {
  const v = params.get(name);
  if (v === null || v === '') return fallback;
  const lower = v.toLowerCase();
  if (!(allowed as readonly string[]).includes(lower)) {
    throw new RequestError(400, `invalid value for "${name}": "${v}" (expected ${allowed.join('|')})`);
  }
  return lower as T;
}

/**
 * Which spelling a real version honours is unconfirmed (powermta-api.md §2): by default both;
 * `strict` honours only `maxItems` (the 4.0 HTTP wrapper's spelling, S11), so a client that
 * sends one spelling only is caught.
 */
export function parseMaxItems(params: URLSearchParams, strict = false): number {
  const raw = strict ? params.get('maxItems') : (params.get('maxitems') ?? params.get('maxItems'));
  if (raw === null || raw === '') return DEFAULT_MAX_ITEMS;
  if (!/^\d+$/.test(raw)) throw new RequestError(400, `invalid value for "maxitems": "${raw}"`);
  return Number(raw);
}

/**
 * Whether list items carry their errors. The CLI lists them only with `--errors` (guide §6.1
 * `show queues … [--errors]`); whether HTTP needs `errors=` is unconfirmed, so by default they
 * always come, and `strict` sends them only when asked for (`errors=` anything but `no`).
 */
export function listsErrors(params: URLSearchParams, strict = false): boolean {
  if (!strict) return true;
  const v = params.get('errors');
  return v !== null && v !== '' && v.toLowerCase() !== 'no';
}

export function parseSort(params: URLSearchParams): SortKey {
  return choice(params, 'sort', ['rcpt', 'name', 'size'] as const, 'rcpt');
}

export function parseQueueFilter(params: URLSearchParams, strict = false, patternParam = 'queue'): QueueFilter {
  const pattern = params.get(patternParam) || '*/*';
  if (!QUEUE_PATTERN.test(pattern)) throw new RequestError(400, `invalid queue name "${pattern}"`);
  const byName = queueMatcher(pattern);
  const paused = choice(params, 'paused', ['yes', 'no', 'both'] as const, 'both');
  const mode = choice(params, 'mode', ['normal', 'backoff', 'both', 'any'] as const, 'any');
  const connected = choice(params, 'connected', ['yes', 'no', 'both'] as const, 'both');
  return {
    maxItems: parseMaxItems(params, strict),
    sort: parseSort(params),
    match: (q) =>
      byName(q) &&
      (paused === 'both' || q.paused === (paused === 'yes')) &&
      (mode === 'both' || mode === 'any' || q.mode === mode) &&
      (connected === 'both' || q.conn > 0 === (connected === 'yes')),
  };
}

export function sortBy<T extends { name: string; rcp: number; kb: number }>(items: T[], sort: SortKey): T[] {
  const byName = (a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  if (sort === 'name') return items.sort(byName);
  if (sort === 'size') return items.sort((a, b) => b.kb - a.kb || byName(a, b));
  return items.sort((a, b) => b.rcp - a.rcp || byName(a, b));
}

export function titleFor(kind: 'queues' | 'domains', max: number, sort: SortKey): string {
  const by = sort === 'name' ? 'name' : sort === 'size' ? 'size' : 'number of recipients';
  return `Top ${max} ${kind} by ${by}`;
}
