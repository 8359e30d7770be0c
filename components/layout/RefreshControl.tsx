'use client';
// The refresh interval of every live view (as RabbitMQ's and Sidekiq's consoles have): 2 s to
// 30 s, or off to hold the screen still while reading it. Stored in this browser.
import { useQueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { REFRESH_MS } from '@/lib/query/keys';
import {
  currentRefreshChoice,
  parseRefreshChoice,
  REFRESH_CHOICES,
  setRefreshChoice,
  subscribeRefreshChoice,
  type RefreshChoice,
} from '@/lib/query/refresh-choice';
import { feedConnected, subscribeFeedState } from '@/lib/query/feed-state';

const label = (c: RefreshChoice) => (c === 0 ? 'off (paused)' : `every ${c / 1000} s`);

export function RefreshControl() {
  const qc = useQueryClient();
  const choice = useSyncExternalStore(subscribeRefreshChoice, currentRefreshChoice, () => REFRESH_MS as RefreshChoice);
  const live = useSyncExternalStore(subscribeFeedState, feedConnected, () => false);
  return (
    <label title="How often live data refreshes (stored in this browser)">
      <span className="muted">Refresh </span>
      <select
        data-testid="refresh-interval"
        value={choice}
        onChange={(e) => {
          setRefreshChoice(parseRefreshChoice(e.target.value));
          // Refetch now: each query then schedules its next poll at the new interval (or none).
          void qc.refetchQueries({ type: 'active' });
        }}
      >
        {REFRESH_CHOICES.map((c) => (
          <option key={c} value={c}>
            {label(c)}
          </option>
        ))}
      </select>
      {choice === 0 ? (
        <span className="badge warn" data-testid="refresh-paused" style={{ marginLeft: 6 }}>
          paused
        </span>
      ) : (
        <span
          className={live ? 'badge ok' : 'badge'}
          data-testid="refresh-feed"
          data-live={live}
          style={{ marginLeft: 6 }}
          title={live ? 'Told of changes by the console (server-sent events); polls only every minute as a safety net' : 'Change feed not connected: polling'}
        >
          {live ? 'live' : 'polling'}
        </span>
      )}
    </label>
  );
}
