'use client';
// The stale badge of one node by id, for rows and pages that show that node's data (drill-down
// queues, verdicts, a page filtered to the node): its frozen numbers never pass for live ones.
import { useNodesQuery } from '@/lib/query/overview';
import { StaleBadge } from './StaleBadge';

export function NodeStale({ node }: { node: string }) {
  const d = useNodesQuery().data;
  const view = d?.nodes.find((n) => n.id === node);
  if (!d || !view) return null;
  return <StaleBadge node={view} generatedAt={d.generatedAt} pollIntervalSeconds={d.pollIntervalSeconds} />;
}
