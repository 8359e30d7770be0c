'use client';
import { useNodesQuery } from '@/lib/query/overview';
import { ApiClientError } from '@/lib/query/fetcher';
import { DomainSearch } from './DomainSearch';
import { NodePicker } from './NodePicker';
import { NodeStrip } from './NodeStrip';
import { RefreshControl } from './RefreshControl';
import styles from './Shell.module.css';

/** The one place that polls /api/nodes: search, node picker and node health on every page. */
export function TopBar() {
  const q = useNodesQuery();
  return (
    <header className={styles.top}>
      <DomainSearch />
      {q.data ? <NodePicker nodes={q.data.nodes} /> : null}
      <RefreshControl />
      <div className={styles.strip}>
        {/* A failed refetch keeps the old data: the strip must then not show its old green "ok". */}
        {q.data ? (
          <NodeStrip data={q.data} unreachableSince={q.isRefetchError ? q.errorUpdatedAt : null} />
        ) : q.isPending ? (
          <span className="muted">Loading nodes…</span>
        ) : null}
        {q.error ? (
          <span className="badge danger" role="alert" data-testid="console-unreachable">
            {q.error instanceof ApiClientError ? 'nodes' : 'console unreachable'}: {q.error instanceof ApiClientError ? q.error.message : String(q.error)}
          </span>
        ) : null}
      </div>
    </header>
  );
}
