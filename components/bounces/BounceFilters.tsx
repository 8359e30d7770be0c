'use client';
import { RangeSelect } from './RangeSelect';
// The page's filter bar; the view lives in the URL (range, node, domain, vmta), so a link
// reproduces it. Text filters apply on Enter or when the field loses focus.
import { useState } from 'react';
import { useUrlParams } from '@/components/ui/useUrlParams';
import { DEFAULT_RANGE, exportHref, parseBounceView, type BounceView } from './bounce-view';
import { useNow } from '@/components/ui/RelativeTime';
import styles from './Bounces.module.css';

export function useBounceView(): [BounceView, (patch: Record<string, string | null>) => void] {
  const [sp, set] = useUrlParams();
  return [parseBounceView(sp), set];
}

function TextFilter({ name, value, onApply }: { name: string; value: string; onApply: (v: string | null) => void }) {
  const [text, setText] = useState(value);
  const [seen, setSeen] = useState(value);
  // Follow the URL when it changes from elsewhere (a click in a table, back/forward).
  if (seen !== value) {
    setSeen(value);
    setText(value);
  }
  const apply = () => onApply(text.trim() || null);
  return (
    <input
      aria-label={name}
      placeholder={name}
      value={text}
      size={16}
      onChange={(e) => setText(e.target.value)}
      onBlur={apply}
      onKeyDown={(e) => e.key === 'Enter' && apply()}
    />
  );
}

export function BounceFilters({ view, set, nodes }: { view: BounceView; set: (p: Record<string, string | null>) => void; nodes: string[] }) {
  // The export's `from` slides with the page clock; the server's differs by the render gap.
  const now = useNow();
  return (
    <div className={styles.filters}>
      <RangeSelect range={view.range} onChange={(range) => set({ range })} testId="bounce-range" />
      <select aria-label="Node" value={view.node ?? ''} onChange={(e) => set({ node: e.target.value || null })}>
        <option value="">All nodes</option>
        {nodes.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
      <TextFilter name="domain" value={view.domain ?? ''} onApply={(v) => set({ domain: v })} />
      <TextFilter name="vmta" value={view.vmta ?? ''} onApply={(v) => set({ vmta: v })} />
      {view.node || view.domain || view.vmta || (view.range && view.range !== DEFAULT_RANGE) ? (
        <button type="button" onClick={() => set({ range: null, node: null, domain: null, vmta: null })}>
          Clear
        </button>
      ) : null}
      <span className="muted">Export CSV by</span>
      {(['domain', 'vmta', 'category', 'hour', 'node', 'job'] as const).map((by) => (
        <a key={by} href={exportHref(view, by, now)} download data-testid={`export-${by}`} suppressHydrationWarning>
          {by}
        </a>
      ))}
    </div>
  );
}
