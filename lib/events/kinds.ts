// What GET /api/events can announce (plain TypeScript, no zod: the browser's subscriber,
// lib/query/change-feed.ts, imports it too). Each kind names a set of query keys
// (lib/query/keys.ts: changeKeys).
export const CHANGE_KINDS = ['fleet', 'history', 'alerts', 'audit', 'status'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface ChangeEvent {
  kind: ChangeKind;
  version: string;
}

/** SSE event name of every change (`event: change`); heartbeats are comments. */
export const CHANGE_EVENT = 'change';

/** An event's `data:` line → the event, or null for anything else (never trusted blindly). */
export function parseChangeEvent(data: string): ChangeEvent | null {
  let v: unknown;
  try {
    v = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const { kind, version } = v as Record<string, unknown>;
  if (typeof version !== 'string' || version.length > 200) return null;
  return (CHANGE_KINDS as readonly unknown[]).includes(kind) ? { kind: kind as ChangeKind, version } : null;
}

// ── Pushed answers ────────────────────────────────────────────────────────────────────────
// A tab names the polled reads it shows (`GET /api/events?push=<url> <url>…`, each the exact
// URL the tab would fetch); the server answers first with `event: pushing` — the ones it will
// push — and then, whenever one of them changed (at most at a page's own pace:
// lib/events/pushed-reads.ts), `event: data` with the route's answer, rendered once for every
// tab that asked for that URL (or `failed: true`: the tab asks the route itself and shows its
// error). The tab writes it into its TanStack Query cache instead of refetching: with a
// thousand open pages that is one render and a thousand socket writes per change instead of a
// thousand requests. Whatever the server does not push, the tab refetches on `change`.

/** Most URLs one stream may ask to be pushed (a page shows a handful). */
export const MAX_PUSHED_URLS = 12;
/** Longest URL that may be pushed (the queue list's filters included). */
export const MAX_PUSH_URL_CHARS = 600;
/** Separator of the `push` parameter's URLs (never in a URL built by withQuery: spaces are encoded). */
export const PUSH_SEPARATOR = ' ';
export const PUSHING_EVENT = 'pushing';
export const DATA_EVENT = 'data';

export type DataEvent = {
  url: string;
  /** Server time (epoch ms) the frame was sent; for measurements only (clocks differ). */
  at: number;
} & (
  | { failed: false; seq: number; body: unknown }
  /** The answer numbered `seq` as a patch (lib/events/json-patch.ts) of the one numbered `base`. */
  | { failed: false; seq: number; base: number; patch: unknown }
  | { failed: true }
);

const asObject = (data: string): Record<string, unknown> | null => {
  try {
    const v: unknown = JSON.parse(data);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

/** `event: pushing` → the URLs the server pushes on this stream, or null. */
export function parsePushingEvent(data: string): string[] | null {
  const urls = asObject(data)?.urls;
  return Array.isArray(urls) && urls.length <= MAX_PUSHED_URLS && urls.every((u) => typeof u === 'string' && u.length <= MAX_PUSH_URL_CHARS)
    ? (urls as string[])
    : null;
}

/** `event: data` → the pushed answer, or null. */
export function parseDataEvent(data: string): DataEvent | null {
  const v = asObject(data);
  if (!v || typeof v.url !== 'string' || v.url.length > MAX_PUSH_URL_CHARS || typeof v.at !== 'number') return null;
  if (v.failed === true) return { url: v.url, at: v.at, failed: true };
  if (!Number.isSafeInteger(v.seq)) return null;
  const seq = v.seq as number;
  if ('body' in v) return { url: v.url, at: v.at, failed: false, seq, body: v.body };
  return 'patch' in v && Number.isSafeInteger(v.base) ? { url: v.url, at: v.at, failed: false, seq, base: v.base as number, patch: v.patch } : null;
}
