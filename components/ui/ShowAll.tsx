'use client';
// A collapsed list's toggle: "show all 42 queues" / "show first 10". State is per mount (a
// refresh keeps it; a new page starts collapsed).
import { useState } from 'react';
import { fmtInt } from '@/lib/format';
import { collapse } from './show-all';

export function useCollapsed<T>(items: readonly T[], limit: number) {
  const [expanded, setExpanded] = useState(false);
  const { shown, hidden } = collapse(items, limit, expanded);
  return { shown, hidden, expanded, toggle: () => setExpanded((x) => !x), total: items.length, limit };
}

export function ShowAllButton({
  c,
  what,
  testId = 'show-all',
}: {
  c: { hidden: number; expanded: boolean; toggle: () => void; total: number; limit: number };
  what: string;
  testId?: string;
}) {
  if (!c.expanded && c.hidden === 0) return null;
  return (
    <button type="button" className="small" onClick={c.toggle} aria-expanded={c.expanded} data-testid={testId}>
      {c.expanded ? `show first ${fmtInt(c.limit)}` : `show all ${fmtInt(c.total)} ${what} (${fmtInt(c.hidden)} more)`}
    </button>
  );
}
