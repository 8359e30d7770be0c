import 'server-only';
// Whether the console has live data from a node. A stale or down node's snapshot is frozen:
// fleet totals leave it out (and say so), actions skip it unless it is included explicitly.
import type { FleetNode } from './fleet';

export interface NodeDown {
  state: 'stale' | 'down';
  /** Age of the node's newest data in whole seconds, null when it never answered. */
  dataAgeSeconds: number | null;
  /** "down, data 40 s old" — what the preview and the results say. */
  label: string;
}

/**
 * Null when `n` is live. Otherwise its counts are not what an action would hit (and a command
 * sent to it runs into a timeout), so it is left out of actions unless the operator includes it
 * explicitly, and out of fleet totals.
 */
export function nodeDown(n: FleetNode, now = Date.now()): NodeDown | null {
  const h = n.poller.health();
  if (h.state === 'ok') return null;
  const s = n.poller.snapshot;
  const times = [s.statusAt, s.queuesAt].filter((t): t is number => t !== null);
  const dataAgeSeconds = times.length ? Math.max(0, Math.round((now - Math.max(...times)) / 1000)) : null;
  const label = `${h.state}, ${dataAgeSeconds === null ? 'no data yet' : `data ${dataAgeSeconds} s old`}`;
  return { state: h.state, dataAgeSeconds, label };
}
