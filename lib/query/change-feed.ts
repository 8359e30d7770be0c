'use client';
// One EventSource per tab on GET /api/events: on a `change` event, the active queries of that
// kind (keys.ts: changeKeys) are invalidated, so TanStack Query refetches them (through
// apiFetch, ETag/304 included); while it is connected those queries poll only at SAFETY_MS
// (polling.ts). The polled reads the feed can push (their meta names their URL: polling.ts)
// are asked for in the stream's URL (`?push=`): their answers arrive as `data` events and are
// written into the cache — no request at all — and they neither poll nor refetch on events
// (the stream names what it pushes in `pushing`; the rest refetch as before). When the tab's
// set of such URLs changes (a navigation, a new sort), the stream is reopened for the new set
// after INTEREST_SETTLE_MS. When it drops, the state flips and every polled query is refetched
// at once, so each schedules its next poll at the UI's interval again; EventSource reconnects
// on its own (the server's `retry:`), and after a refusal (401, 503: EventSource gives up) we
// try again after RECONNECT_MS. A patch that does not apply to the answer this stream holds
// (a frame lost to a parse failure, or a bug) is refetched, and the stream reopened — at most
// once per RESYNC_MIN_MS — because the server goes on patching what it believes the tab holds;
// a new stream starts with whole answers.
import { useEffect } from 'react';
import { useQueryClient, type Query, type QueryClient } from '@tanstack/react-query';
import {
  CHANGE_EVENT,
  DATA_EVENT,
  MAX_PUSHED_URLS,
  parseChangeEvent,
  parseDataEvent,
  parsePushingEvent,
  PUSH_SEPARATOR,
  PUSHING_EVENT,
  type ChangeKind,
  type DataEvent,
} from '@/lib/events/kinds';
import { applyJsonPatch, PatchMismatch } from '@/lib/events/json-patch';
import { changeKeys, REFRESH_MS } from './keys';
import { currentRefreshChoice, effectiveInterval } from './refresh-choice';
import { EVENT_SPREAD_MS, isPushed, pushedUrls, setFeedConnected, setPushedUrls } from './feed-state';
import type { PolledMeta } from './polling';

export const EVENTS_PATH = '/api/events';
const RECONNECT_MS = 30_000;
/** Least time between two reopenings of the stream for a patch that did not apply (past it, such patches are refetched only). */
const RESYNC_MIN_MS = 10_000;
/** How long the tab's pushed URLs must stay changed before the stream is reopened for them (a navigation mounts its queries over a few renders). */
export const INTEREST_SETTLE_MS = 1_000;

const pushOf = (q: Query): string | undefined => (q.meta as Partial<PolledMeta> | undefined)?.push;

/** The pushable URLs the tab's active queries fetch, sorted (the stream's `push`). */
function wantedUrls(qc: QueryClient): string[] {
  const urls = new Set<string>();
  for (const q of qc.getQueryCache().findAll({ type: 'active' })) {
    const url = pushOf(q);
    if (url !== undefined) urls.add(url);
  }
  return [...urls].sort().slice(0, MAX_PUSHED_URLS);
}

/** The stream's URL for `urls`. */
export function eventsUrl(urls: readonly string[]): string {
  return urls.length ? `${EVENTS_PATH}?${new URLSearchParams({ push: urls.join(PUSH_SEPARATOR) })}` : EVENTS_PATH;
}

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
    if (isPushed(q.meta)) continue; // its answers come with the stream
    const wait = q.state.dataUpdatedAt + minAge(q) - now;
    if (wait <= EVENT_SPREAD_MS) due.add(q);
    else next = Math.min(next, wait);
  }
  // Pushed meanwhile (the stream reopened for it during the spread): its answers come with the stream.
  if (due.size) setTimeout(() => void qc.invalidateQueries({ predicate: (q) => due.has(q) && !isPushed(q.meta) }), Math.random() * EVENT_SPREAD_MS);
  if (next !== Infinity && !later.has(kind))
    later.set(
      kind,
      setTimeout(() => {
        later.delete(kind);
        refreshKind(qc, kind, later);
      }, next),
    );
}

/**
 * Runs `start` once the page has loaded and the browser is idle — after React has hydrated
 * every part of the server's HTML. The shell's effect runs before its Suspense boundaries (the
 * top bar, the history panels) have hydrated, and a pushed answer arriving before then would
 * make them hydrate with newer data than the HTML holds (a hydration mismatch, React #418).
 * Until then the page's data is the server's, fresh for one refresh interval. The idle wait is
 * bounded: a page that never goes idle still gets its stream.
 */
function afterHydration(start: () => void): () => void {
  let cancel = () => {};
  const idle = () => {
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(start, { timeout: 2_000 });
      cancel = () => cancelIdleCallback(id);
    } else {
      const id = setTimeout(start, 0);
      cancel = () => clearTimeout(id);
    }
  };
  if (document.readyState === 'complete') idle();
  else {
    window.addEventListener('load', idle, { once: true });
    cancel = () => window.removeEventListener('load', idle);
  }
  return () => cancel();
}

/** A pushed answer's value: its body, or its patch applied to the answer it names; undefined when that is not the one held. */
function answerOf(e: Exclude<DataEvent, { failed: true }>, held: { seq: number; value: unknown } | undefined): unknown {
  if ('body' in e) return e.body;
  if (!held || held.seq !== e.base) return undefined;
  try {
    return applyJsonPatch(held.value, e.patch);
  } catch (err) {
    if (err instanceof PatchMismatch) return undefined;
    throw err;
  }
}

/** Mount once per tab, in the signed-in shell. */
export function useChangeFeed(): void {
  const qc = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const seen = new Map<ChangeKind, string>();
    const later = new Map<ChangeKind, ReturnType<typeof setTimeout>>();
    let es: EventSource | null = null;
    let asked = '';
    let retry: ReturnType<typeof setTimeout> | undefined;
    let settle: ReturnType<typeof setTimeout> | undefined;
    let resyncedAt = -Infinity;
    const drop = () => {
      setFeedConnected(false);
      setPushedUrls([]);
      // Each polled query schedules its next poll at the UI's interval again after this fetch.
      void qc.refetchQueries({ type: 'active', predicate: (q) => (q.meta as Partial<PolledMeta> | undefined)?.refreshMs !== undefined });
    };
    const connect = () => {
      const urls = wantedUrls(qc);
      asked = urls.join(PUSH_SEPARATOR);
      const source = new EventSource(eventsUrl(urls));
      es = source;
      source.onopen = () => setFeedConnected(true);
      source.addEventListener(PUSHING_EVENT, (m) => {
        const accepted = parsePushingEvent(String((m as MessageEvent).data));
        if (!accepted) return;
        const before = pushedUrls();
        setPushedUrls(accepted);
        // A query pushed until now but not by this stream fetches once, and so polls again.
        const now = new Set(accepted);
        void qc.refetchQueries({ type: 'active', predicate: (q) => before.has(pushOf(q) ?? '') && !now.has(pushOf(q) ?? '') });
      });
      // The last answer of each URL this stream sent, numbered: what its next patch applies to.
      // Kept apart from the cache, which the tab may have refetched or changed meanwhile.
      const answers = new Map<string, { seq: number; value: unknown }>();
      source.addEventListener(DATA_EVENT, (m) => {
        const e = parseDataEvent(String((m as MessageEvent).data));
        if (!e) return;
        const byUrl = (q: Query) => pushOf(q) === e.url;
        const value = e.failed ? undefined : answerOf(e, answers.get(e.url));
        if (e.failed || value === undefined) answers.delete(e.url);
        else answers.set(e.url, { seq: e.seq, value });
        // A patch that did not apply: the server counts this tab as holding the answer it names
        // and goes on patching that, so start over with a stream that sends whole answers first.
        if (!e.failed && value === undefined && Date.now() - resyncedAt >= RESYNC_MIN_MS) {
          resyncedAt = Date.now();
          source.close();
          connect();
        }
        // "off": the screen holds still (RefreshControl refetches on a new choice).
        if (currentRefreshChoice() === 0) return;
        // Failed, or a patch of an answer this tab does not hold: ask the route itself.
        if (value === undefined) void qc.invalidateQueries({ predicate: byUrl });
        else for (const q of qc.getQueryCache().findAll({ predicate: byUrl })) qc.setQueryData(q.queryKey, value);
      });
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
          es = null;
          retry = setTimeout(connect, RECONNECT_MS);
        }
      };
    };
    // The pushed URLs follow the active queries: reopen the stream once they have settled.
    const offCache = qc.getQueryCache().subscribe((event) => {
      if (event.type !== 'observerAdded' && event.type !== 'observerRemoved') return;
      clearTimeout(settle);
      settle = setTimeout(() => {
        if (!es || wantedUrls(qc).join(PUSH_SEPARATOR) === asked) return;
        // No drop(): what the old stream pushed stays pushed until the new one says otherwise.
        es.close();
        connect();
      }, INTEREST_SETTLE_MS);
    });
    const cancelStart = afterHydration(connect);
    return () => {
      cancelStart();
      offCache();
      es?.close();
      clearTimeout(retry);
      clearTimeout(settle);
      later.forEach((t) => clearTimeout(t));
      setFeedConnected(false);
      setPushedUrls([]);
    };
  }, [qc]);
}
