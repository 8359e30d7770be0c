// The alerts page's filters, read the same way by the server page (prefetch) and the client.
import type { QueryParams } from '@/lib/query/fetcher';

const STATES = new Set(['firing', 'pending', 'silenced', 'resolved']);

export function alertsQuery(sp: URLSearchParams): QueryParams {
  const state = sp.get('state') ?? '';
  return {
    state: STATES.has(state) ? state : undefined,
    rule: sp.get('rule') || undefined,
    node: sp.get('node') || undefined,
    domain: sp.get('domain') || undefined,
  };
}
