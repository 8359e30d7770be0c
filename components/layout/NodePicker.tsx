'use client';
import { usePathname } from 'next/navigation';
import type { NodeView } from '@/lib/api/responses';
import { useUrlParams } from '@/components/ui/useUrlParams';

/** Pages whose data can be narrowed to one node; elsewhere the picker is hidden, not ignored. */
const NODE_PAGES = ['/queues', '/vmtas', '/backoff', '/domains/'];

export function NodePicker({ nodes }: { nodes: NodeView[] }) {
  const pathname = usePathname();
  const [params, set] = useUrlParams();
  if (!NODE_PAGES.some((p) => pathname === p || (p.endsWith('/') && pathname.startsWith(p)))) return null;
  const node = params.get('node') ?? '';
  return (
    <label>
      <span className="muted">Node </span>
      <select data-testid="node-picker" value={node} onChange={(e) => set({ node: e.target.value || null })}>
        <option value="">All nodes</option>
        {nodes.map((n) => (
          <option key={n.id} value={n.id}>
            {n.name}
          </option>
        ))}
        {node && !nodes.some((n) => n.id === node) ? <option value={node}>{node} (unknown)</option> : null}
      </select>
    </label>
  );
}
