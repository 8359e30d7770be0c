'use client';
import { useSyncExternalStore } from 'react';
import { fmtExact, fmtRelative } from '@/lib/format';

// One shared clock for every relative time on the page, ticking every few seconds while any
// is mounted. Server-rendered pages carry the server's "now" (read per render: a module-level
// value would be the moment the server started): the text may differ from the browser's at
// hydration, so every element showing it sets suppressHydrationWarning; subscribing reads the
// browser's clock, so React re-renders with it right after hydration.
const TICK_MS = 5_000;
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  now = Date.now();
  timer ??= setInterval(() => {
    now = Date.now();
    listeners.forEach((l) => l());
  }, TICK_MS);
  return () => {
    listeners.delete(listener);
    if (!listeners.size && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}
const snapshot = () => now;
const serverSnapshot = () => (typeof window === 'undefined' ? Date.now() : now);

/** The shared page clock (ms), re-rendering every few seconds: "now" for render-time checks. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, snapshot, serverSnapshot);
}

/** "2m ago", with the exact time (UTC) on hover. */
export function RelativeTime({ at }: { at: number | null | undefined }) {
  const current = useNow();
  if (at === null || at === undefined) return <span className="muted">–</span>;
  return (
    <time dateTime={new Date(at).toISOString()} title={fmtExact(at)} suppressHydrationWarning>
      {fmtRelative(at, current)}
    </time>
  );
}
