'use client';
// Optional desktop notifications (Notification API) for alerts that start firing while the
// console is open; off until the user opts in (remembered in this browser only).
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { useAlertsQuery } from '@/lib/query/alerts';
import { useHydrated } from '@/components/ui/useHydrated';
import { FIRING_ONLY } from './AlertBadge';

const KEY = 'pmta-alert-notifications';

// The opt-in lives in this browser (localStorage) and is known only there: the server renders
// without the switch, and so does hydration; React then renders it with the browser's answer,
// so there is no hydration mismatch.
const listeners = new Set<() => void>();
function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
const optedIn = () => window.localStorage.getItem(KEY) === 'on' && Notification.permission === 'granted';
function setOptIn(on: boolean): void {
  window.localStorage.setItem(KEY, on ? 'on' : 'off');
  listeners.forEach((l) => l());
}

export function BrowserNotifications() {
  const supported = useHydrated() && 'Notification' in window;
  const on = useSyncExternalStore(
    subscribe,
    () => supported && optedIn(),
    () => false,
  );
  const alerts = useAlertsQuery(FIRING_ONLY).data?.alerts;
  const seen = useRef<Set<number> | null>(null);
  useEffect(() => {
    if (!alerts) return;
    const ids = new Set(alerts.filter((a) => a.state === 'firing' && a.silencedBy === null).map((a) => a.id));
    if (on && seen.current) {
      for (const a of alerts)
        if (ids.has(a.id) && !seen.current.has(a.id)) new Notification(`Alert: ${a.rule}`, { body: a.summary, tag: `pmta-alert-${a.id}` });
    }
    seen.current = ids;
  }, [alerts, on]);
  if (!supported) return null;
  return (
    <label title="Desktop notifications for newly firing alerts while this page is open">
      <input
        type="checkbox"
        checked={on}
        onChange={async (e) => {
          const want = e.target.checked;
          const ok = want && (Notification.permission === 'granted' || (await Notification.requestPermission()) === 'granted');
          setOptIn(ok);
        }}
      />{' '}
      Browser notifications
    </label>
  );
}
