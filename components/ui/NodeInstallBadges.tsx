import type { NodeView } from '@/lib/api/responses';

/** "truncated" with the reason, when the node's queue list is known to be incomplete (lib/fleet/list-truncation.ts). */
export function TruncatedBadge({ node }: { node: NodeView }) {
  if (!node.truncated) return null;
  return (
    <span className="badge warn" data-testid="truncated-badge" title={`${node.name}: ${node.truncated.reason}`}>
      truncated: {node.truncated.reason}
    </span>
  );
}

/** "clock skew" when the node's clock fits no zone (lib/fleet/node-clock.ts); nothing otherwise. */
export function ClockSkewBadge({ node }: { node: NodeView }) {
  if (!node.clock?.skewed) return null;
  return (
    <span
      className="badge danger"
      data-testid="clock-skew-badge"
      title={`${node.name}: ${node.clock.label}. Its times are converted with the measured offset; check NTP (DKIM, TLS and provider logs need a correct clock).`}
    >
      clock skew: {node.clock.label}
    </span>
  );
}

/** The node's zone as measured from its timeNow, for the node table. */
export function NodeClockCell({ node }: { node: NodeView }) {
  if (!node.clock) return <span className="muted">–</span>;
  return node.clock.skewed ? (
    <ClockSkewBadge node={node} />
  ) : (
    <span data-testid="node-clock" title="offset of the node's local time (timeNow), used for every age and retry time shown">
      {node.clock.label}
    </span>
  );
}
