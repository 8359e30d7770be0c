'use client';
import { useEffect, useState } from 'react';
import type { UrlPatch } from '@/components/ui/useUrlParams';
import { useVmtasQuery } from '@/lib/query/queues';
import type { QueueView } from './queue-url';

/** Text (debounced), vMTA and flag filters; every change goes to the URL, the page's one source
 * of truth. The node filter is the top bar's node picker (the same `node` parameter). */
export function QueueFilters({ view, set, exportHref }: { view: QueueView; set: (p: UrlPatch) => void; exportHref: string }) {
  const vmtas = useVmtasQuery(view.node || undefined).data?.vmtas.map((v) => v.vmta) ?? [];
  const [text, setText] = useState(view.q);
  // The URL changed under us (back button, the `/` search): show what it says.
  const [seen, setSeen] = useState(view.q);
  if (seen !== view.q) {
    setSeen(view.q);
    setText(view.q);
  }
  useEffect(() => {
    if (text === view.q) return;
    const t = setTimeout(() => set({ q: text.trim() || null }), 300);
    return () => clearTimeout(t);
  }, [text, view.q, set]);
  return (
    <div className="row" data-testid="queue-filters">
      <input
        type="search"
        aria-label="Filter queues"
        data-testid="filter-text"
        placeholder="domain, vMTA, node or domain/vmta"
        size={32}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <label>
        vMTA{' '}
        <select aria-label="vMTA" data-testid="filter-vmta" value={view.vmta} onChange={(e) => set({ vmta: e.target.value || null })}>
          <option value="">any</option>
          {vmtas.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
          {view.vmta && !vmtas.includes(view.vmta) ? <option value={view.vmta}>{view.vmta}</option> : null}
        </select>
      </label>
      <label>
        Mode{' '}
        <select aria-label="Mode" data-testid="filter-mode" value={view.mode} onChange={(e) => set({ mode: e.target.value || null })}>
          <option value="">any</option>
          <option value="normal">normal</option>
          <option value="backoff">backoff</option>
        </select>
      </label>
      <label>
        Paused{' '}
        <select aria-label="Paused" data-testid="filter-paused" value={view.paused} onChange={(e) => set({ paused: e.target.value || null })}>
          <option value="">any</option>
          <option value="true">paused</option>
          <option value="false">not paused</option>
        </select>
      </label>
      <label>
        Errors{' '}
        <select aria-label="Errors" data-testid="filter-errors" value={view.errors} onChange={(e) => set({ errors: e.target.value || null })}>
          <option value="">any</option>
          <option value="true">with errors</option>
          <option value="false">without errors</option>
        </select>
      </label>
      <a href={exportHref} download data-testid="export-csv" className="badge">
        Export CSV
      </a>
    </div>
  );
}
