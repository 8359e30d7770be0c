import 'server-only';
// What feeds the change feed (lib/events/change-feed.ts). The versions are the ones the routes'
// ETags are made of (lib/api/route.ts), so an event means "your ETag is now stale":
// - fleet: the fleet's revision, once a poll of any node and the steps it queued (history
//   records, alert evaluation) have run, so a page refetching on it sees that poll;
// - history: that revision plus the recording steps run (the `revalidate: 'history'` ETag);
// - alerts / audit: their services' change counters; status: the store's health state.
import { createHash } from 'node:crypto';
import type { Fleet } from '@/lib/fleet/fleet';
import type { ChangeCounter } from './change-counter';
import type { ChangeFeed } from './change-feed';

export interface ChangeSources {
  fleet: Fleet;
  alerts: { changes: ChangeCounter };
  audit: { changes: ChangeCounter };
  storeHealth: { current: { ok: boolean; since: number } };
  now?: () => number;
}

/** A short opaque version (the revision names nodes and health details a viewer needs no copy of). */
const digest = (s: string) => createHash('sha1').update(s).digest('base64url').slice(0, 16);

/** Publishes every source's changes into `feed` until the returned function is called. */
export function attachChangeSources(feed: ChangeFeed, src: ChangeSources): () => void {
  const now = src.now ?? Date.now;
  let waiting = false;
  let detached = false;
  const publishFleet = () => {
    const revision = src.fleet.revision(now());
    feed.publish('fleet', digest(revision));
    feed.publish('history', digest(`${revision}\u0001${src.fleet.recordedSteps}`));
    const h = src.storeHealth.current;
    feed.publish('status', `${h.ok ? 'ok' : 'failed'}-${h.since}`);
  };
  // Polls arriving while the recording queue drains are covered by the one wait already running
  // (`recorded()` waits for steps queued meanwhile too).
  const offPoll = src.fleet.onPoll(() => {
    if (waiting) return;
    waiting = true;
    void src.fleet.recorded().then(() => {
      waiting = false;
      if (!detached) publishFleet();
    });
  });
  const offAlerts = src.alerts.changes.onChange((v) => feed.publish('alerts', String(v)));
  const offAudit = src.audit.changes.onChange((v) => feed.publish('audit', String(v)));
  publishFleet();
  feed.publish('alerts', String(src.alerts.changes.version));
  feed.publish('audit', String(src.audit.changes.version));
  return () => {
    detached = true;
    offPoll();
    offAlerts();
    offAudit();
  };
}
