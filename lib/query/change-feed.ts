'use client';
// One EventSource per tab on GET /api/events: on a `change` event, the active queries of that
// kind (keys.ts: changeKeys) are invalidated, so TanStack Query refetches them (through
// apiFetch, ETag/304 included); while it is connected those queries poll only at SAFETY_MS
// (polling.ts). When it drops, the state flips and every polled query is refetched at once, so
// each schedules its next poll at the UI's interval again; EventSource reconnects on its own
// (the server's `retry:`), and after a refusal (401, 503: EventSource gives up) we try again
// after RECONNECT_MS.
import { useEffect } from 'react';
import { useQueryClient, type Query, type QueryClient } from '@tanstack/react-query';
import { CHANGE_EVENT, parseChangeEvent, type ChangeKind } from '@/lib/events/kinds';
import { changeKeys, REFRESH_MS } from './keys';
import { currentRefreshChoice, effectiveInterval } from './refresh-choice';
import { EVENT_SPREAD_MS, setFeedConnected } from './feed-state';
import type { PolledMeta } from './polling';

export const EVENTS_PATH = '/api/events';
const RECONNECT_MS = 30_000;

/**
 * The least age at which an event refetches a query: its own interval, or the refresh choice
 * when that is shorter — never more often than polling at the default choice would (a fleet of
 * many nodes sends an event per node poll), but a slower choice (30 s) does not slow the
 * changes down: with the feed the choice matters only when it is "off" or the feed is down.
 */
function minAge(q: Query): number {
  const ms = (q.meta as Partial<PolledMeta> | undefined)?.refreshMs ?? REFRESH_MS;
  const every = effectiveInterval(currentRefreshChoice(), ms);
  return every === false ? Infinity : Math.min(ms, every);
}

const activeOf = (qc: QueryClient, kind: ChangeKind) => changeKeys[kind].flatMap((queryKey) => qc.getQueryCache().findAll({ queryKey, type: 'active' }));

/** Refetches what `kind` covers: the queries old enough now (after the spread), the others once they are. */
function refreshKind(qc: QueryClient, kind: ChangeKind, later: Map<ChangeKind, ReturnType<typeof setTimeout>>): void {
  if (currentRefreshChoice() === 0) return; // "off": the screen holds still; RefreshControl refetches on a new choice
  const now = Date.now();
  const due = new Set<Query>();
  let next = Infinity;
  for (const q of activeOf(qc, kind)) {
    const wait = q.state.dataUpdatedAt + minAge(q) - now;
    if (wait <= EVENT_SPREAD_MS) due.add(q);
    else next = Math.min(next, wait);
  }
  if (due.size) setTimeout(() => void qc.invalidateQueries({ predicate: (q) => due.has(q) }), Math.random() * EVENT_SPREAD_MS);
  if (next !== Infinity && !later.has(kind))
    later.set(
      kind,
      setTimeout(() => {
        later.delete(kind);
        refreshKind(qc, kind, later);
      }, next),
    );
}

/** Mount once per tab, in the signed-in shell. */
export function useChangeFeed(): void {
  const qc = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const seen = new Map<ChangeKind, string>();
    const later = new Map<ChangeKind, ReturnType<typeof setTimeout>>();
    let es: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const drop = () => {
      setFeedConnected(false);
      // Each polled query schedules its next poll at the UI's interval again after this fetch.
      void qc.refetchQueries({ type: 'active', predicate: (q) => (q.meta as Partial<PolledMeta> | undefined)?.refreshMs !== undefined });
    };
    const connect = () => {
      const source = new EventSource(EVENTS_PATH);
      es = source;
      source.onopen = () => setFeedConnected(true);
      source.addEventListener(CHANGE_EVENT, (m) => {
        const e = parseChangeEvent(String((m as MessageEvent).data));
        if (!e) return;
        const before = seen.get(e.kind);
        seen.set(e.kind, e.version);
        // The first versions only say where the feed stands (the page's data is fresh); a
        // reconnect's differ where something changed while it was away.
        if (before !== undefined && before !== e.version) refreshKind(qc, e.kind, later);
      });
      source.onerror = () => {
        drop();
        if (source.readyState === EventSource.CLOSED) {
          source.close();
          retry = setTimeout(connect, RECONNECT_MS);
        }
      };
    };
    connect();
    return () => {
      es?.close();
      clearTimeout(retry);
      later.forEach((t) => clearTimeout(t));
      setFeedConnected(false);
    };
  }, [qc]);
}
