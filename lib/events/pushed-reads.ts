import 'server-only';
// Which polled reads the change feed may push (lib/events/view-pusher.ts), and the pusher of a
// runtime's feed. The answers come from the routes' own handlers (lib/api/route.ts:
// pushedRenderer), so a pushed answer is byte for byte what the tab would have fetched.
import { GET as alertsRoute } from '@/app/api/alerts/route';
import { GET as backoffRoute } from '@/app/api/backoff/route';
import { GET as historyRoute } from '@/app/api/history/route';
import { GET as nodesRoute } from '@/app/api/nodes/route';
import { GET as overviewRoute } from '@/app/api/overview/route';
import { GET as queuesRoute } from '@/app/api/queues/route';
import { GET as statusRoute } from '@/app/api/status/route';
import { GET as vmtasRoute } from '@/app/api/vmtas/route';
import { periodRefreshMs } from '@/components/history/period';
import { REFRESH_MS } from '@/lib/query/keys';
import { serverLog } from '@/lib/log/logger';
import type { ChangeFeed } from './change-feed';
import { MAX_PUSH_URL_CHARS, type ChangeKind } from './kinds';
import { ViewPusher, type PushedRead } from './view-pusher';

type Renderer = { pushedRenderer: (url: URL) => (() => Promise<Uint8Array>) | null };

/** Path → the kind whose events make its answers stale (as lib/query/keys.ts: changeKeys) and its route. */
const PUSHED = new Map<string, { kind: ChangeKind; route: Renderer }>([
  ['/api/overview', { kind: 'fleet', route: overviewRoute }],
  ['/api/nodes', { kind: 'fleet', route: nodesRoute }],
  ['/api/queues', { kind: 'fleet', route: queuesRoute }],
  ['/api/vmtas', { kind: 'fleet', route: vmtasRoute }],
  ['/api/backoff', { kind: 'fleet', route: backoffRoute }],
  ['/api/history', { kind: 'history', route: historyRoute }],
  ['/api/alerts', { kind: 'alerts', route: alertsRoute }],
  ['/api/status', { kind: 'status', route: statusRoute }],
]);

const ORIGIN = 'http://console.in-process';

/** A tab's URL (`/api/queues?sort=kb…`) → what it is, or null (not a pushed read, not valid). */
export function resolvePushed(url: string): PushedRead | null {
  if (url.length > MAX_PUSH_URL_CHARS || !url.startsWith('/api/')) return null;
  let u: URL;
  try {
    u = new URL(url, ORIGIN);
  } catch {
    return null;
  }
  if (u.origin !== ORIGIN || u.hash) return null;
  const entry = PUSHED.get(u.pathname);
  const render = entry?.route.pushedRenderer(u);
  return entry && render ? { kind: entry.kind, render } : null;
}

/**
 * Least time between two pushes of one URL: a page's own pace — REFRESH_MS for live data, the
 * shortest chart period's for history (components/history/period.ts) — so a fleet of many
 * nodes, each poll an event, does not push more often than the pages would have asked.
 */
export const pushGapMs = (kind: ChangeKind): number => (kind === 'history' ? periodRefreshMs('1h') : REFRESH_MS);

const pushers = new WeakMap<ChangeFeed, ViewPusher>();

/** The pusher of `feed` (one per runtime: a reloaded runtime's feed gets its own). */
export function pusherFor(feed: ChangeFeed): ViewPusher {
  let p = pushers.get(feed);
  if (!p) {
    p = new ViewPusher(feed, {
      resolve: resolvePushed,
      minGapMs: pushGapMs,
      onError: (url, err) => serverLog().warn({ url, err }, 'pushed answer failed; its tabs get the next one'),
    });
    pushers.set(feed, p);
  }
  return p;
}
