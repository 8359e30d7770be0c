'use client';
// One click from a drift to the preview that puts the intended state back: a queue pause goes
// through the queue actions' own preview/confirm (ActionConfirm), a job or a source through
// the toolbox dialog.
import { useState } from 'react';
import type { RestoreBody } from '@/lib/ledger/types';
import { ActionConfirm } from '@/components/actions/ActionConfirm';
import { ToolActionDialog } from '@/components/toolbox/ToolActionDialog';
import { useQueueActionMutation } from '@/lib/query/actions';

export function RestoreButton({ restore }: { restore: RestoreBody }) {
  const [open, setOpen] = useState(false);
  const act = useQueueActionMutation({ onDone: () => setOpen(false) });
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)} data-testid="restore">
        Restore…
      </button>
    );
  if (restore.action === 'pause' || restore.action === 'resume')
    return <ActionConfirm target={restore} busy={act.isPending} onCancel={() => setOpen(false)} onSubmit={(b) => act.mutate(b)} />;
  return <ToolActionDialog body={restore} onClose={() => setOpen(false)} />;
}
