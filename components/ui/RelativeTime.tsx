'use client';
import { useEffect, useState } from 'react';
import { fmtExact, fmtRelative } from '@/lib/format';

/** "2m ago", with the exact time on hover; re-renders itself every few seconds. */
export function RelativeTime({ at }: { at: number | null | undefined }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 5_000);
    return () => clearInterval(t);
  }, []);
  if (at === null || at === undefined) return <span className="muted">–</span>;
  return (
    <time dateTime={new Date(at).toISOString()} title={fmtExact(at)}>
      {fmtRelative(at, now)}
    </time>
  );
}
