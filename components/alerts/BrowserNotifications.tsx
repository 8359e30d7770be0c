'use client';
// Optional desktop notifications (Notification API) for alerts that start firing while the
// console is open; off until the user opts in (remembered in this browser only).
import { useEffect, useRef, useState } from 'react';
import { useAlertsQuery } from '@/lib/query/alerts';
import { useHydrated } from '@/components/ui/useHydrated';
import { FIRING_ONLY } from './AlertBadge';

const KEY = 'pmta-alert-notifications';

export function BrowserNotifications() {
  // Known only in the browser: the switch is rendered from the render after hydration (the
  // server's HTML and the hydrating render both leave it out), so they never differ.
  const supported = useHydrated() && 'Notification' in window;
  // The opt-in is remembered in this browser; not shown before `supported`, so reading it in the
  // first browser render cannot make the hydration differ.
  const [on, setOn] = useState(
    () => typeof window !== 'undefined' && 'Notification' in window && window.localStorage.getItem(KEY) === 'on' && Notification.permission === 'granted',
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
          window.localStorage.setItem(KEY, ok ? 'on' : 'off');
          setOn(ok);
        }}
      />{' '}
      Browser notifications
    </label>
  );
}
