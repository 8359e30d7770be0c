'use client';
// One node's row of an action preview (queue and toolbox actions alike): its queues, recipients
// and size, and whether it can act — unavailable with the reason, down with an "include anyway"
// box (a down node is left out by default, its numbers greyed), or yes. Extra cells go last.
import type { ReactNode } from 'react';
import type { ActionPreview } from '@/lib/actions/types';
import { fmtInt, fmtKb } from '@/lib/format';

type PreviewNode = ActionPreview['nodes'][number];

function CanAct({ n, included, onToggle }: { n: PreviewNode; included: boolean; onToggle: () => void }) {
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

export function PreviewNodeRow({
  n,
  testId,
  included,
  onToggle,
  children,
}: {
  n: PreviewNode;
  testId: string;
  included: boolean;
  onToggle: () => void;
  children?: ReactNode;
}) {
  return (
    <tr data-testid={testId} className={n.excluded ? 'muted' : undefined} data-excluded={n.excluded ? 'true' : undefined}>
      <td>{n.name}</td>
      <td className="num">{fmtInt(n.queueCount)}</td>
      <td className="num">{fmtInt(n.rcp)}</td>
      <td className="num">{fmtKb(n.kb)}</td>
      <td>
        <CanAct n={n} included={included} onToggle={onToggle} />
      </td>
      {children}
    </tr>
  );
}
