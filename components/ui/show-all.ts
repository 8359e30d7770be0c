// Long drill-down sections start collapsed: the first few items, and a "show all N" toggle.
// Pure module (the component is ShowAll.tsx).

/** What a collapsed list shows: the first `limit` items unless expanded, and how many are hidden. */
export function collapse<T>(items: readonly T[], limit: number, expanded: boolean): { shown: readonly T[]; hidden: number } {
  if (expanded || items.length <= limit) return { shown: items, hidden: 0 };
  return { shown: items.slice(0, limit), hidden: items.length - limit };
}
