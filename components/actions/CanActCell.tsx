'use client';
// The "can act" cell of an action preview row (queue and toolbox actions alike): unavailable
// with the reason, down with an "include anyway" box (a down node is left out by default), or yes.
import type { ActionPreview } from '@/lib/actions/types';

type PreviewNode = ActionPreview['nodes'][number];

export function CanActCell({
  n,
  included,
  onToggle,
}: {
  n: Pick<PreviewNode, 'node' | 'available' | 'reason' | 'down'>;
  included: boolean;
  onToggle: () => void;
}) {
  if (!n.available)
    return (
      <span className="badge danger" title={n.reason ?? ''}>
        no: {n.reason}
      </span>
    );
  if (!n.down) return <span className="badge ok">yes</span>;
  return (
    <>
      <span className="badge danger" data-testid="preview-node-down" title="its numbers are its last data, not live">
        {n.down.label}
      </span>{' '}
      <label title="send to it anyway (it may time out)">
        <input type="checkbox" checked={included} onChange={onToggle} data-testid={`include-down-${n.node}`} />{' '}
        {included ? 'included anyway' : 'excluded — include anyway'}
      </label>
    </>
  );
}
