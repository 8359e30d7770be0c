'use client';
// Per-row queue actions (one queue on one node) for queue tables: a small menu with the four
// actions, the same preview/confirm step as the panel, and the row's action state marker.
// Viewers get a disabled menu with the reason.
import { useId, useState } from 'react';
import { PopoverMenu } from '@/components/ui/PopoverMenu';
import type { QueueAction } from '@/lib/actions/types';
import { ACTION_LABELS } from '@/lib/actions/types';
import { ActionConfirm } from './ActionConfirm';
import { useActDenial } from '@/lib/query/session';
import { QueueActionState } from './QueueActionState';
import { useQueueActionMutation } from '@/lib/query/actions';

const ACTIONS: QueueAction[] = ['pause', 'resume', 'retry', 'reset-backoff'];

export function QueueActions({ node, queue }: { node: string; queue: string }) {
  const { denial } = useActDenial();
  const [open, setOpen] = useState(false);
  const [action, setAction] = useState<QueueAction | null>(null);
  const mutation = useQueueActionMutation({ onDone: () => (setAction(null), setOpen(false)) });
  const close = () => (setAction(null), setOpen(false));
  const menuId = useId();
  return (
    <span style={{ position: 'relative', display: 'inline-flex', gap: 6, alignItems: 'center' }} data-testid={`queue-actions-${node}-${queue}`}>
      <QueueActionState node={node} queue={queue} />
      <button
        type="button"
        popoverTarget={menuId}
        disabled={!!denial}
        title={denial ?? 'Actions on this queue'}
        aria-haspopup="menu"
        aria-expanded={open}
        style={{ padding: '0 6px' }}
      >
        ⋯
      </button>
      {/* In the top layer: a table cell's overflow cannot clip it nor the next cell take its clicks. */}
      <PopoverMenu
        id={menuId}
        open={open}
        onOpenChange={(o) => (o ? setOpen(true) : close())}
        role={action ? 'dialog' : 'menu'}
        label={`Actions on ${queue} (${node})`}
        minWidth={action ? 560 : 160}
      >
        {action ? (
          <ActionConfirm target={{ action, pattern: queue, nodes: [node] }} busy={mutation.isPending} onCancel={close} onSubmit={(b) => mutation.mutate(b)} />
        ) : (
          <div className="grid" style={{ gap: 4 }}>
            {ACTIONS.map((a) => (
              <button key={a} type="button" role="menuitem" onClick={() => setAction(a)}>
                {ACTION_LABELS[a]}
              </button>
            ))}
          </div>
        )}
      </PopoverMenu>
    </span>
  );
}
