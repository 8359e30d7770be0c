'use client';
// "Act on this node" beside one node's verdict on the drill-down: pause, resume, retry or reset
// this domain on that node alone — one click opens the preview and confirmation for exactly
// that scope, a second sends it. Viewers see the buttons disabled with the reason.
import { useState } from 'react';
import type { ActionResponse, QueueAction } from '@/lib/actions/types';
import { ACTION_LABELS } from '@/lib/actions/types';
import { useQueueActionMutation, type PreviewTarget } from '@/lib/query/actions';
import { useActDenial } from '@/lib/query/session';
import { useNodesQuery } from '@/lib/query/overview';
import { ActionConfirm } from './ActionConfirm';
import { ActionResults } from './ActionResults';
import { nodeDenial } from './node-ability';

const ACTIONS: QueueAction[] = ['pause', 'resume', 'retry', 'reset-backoff'];

export function NodeActions({ domain, node }: { domain: string; node: string }) {
  const { denial } = useActDenial();
  const view = useNodesQuery().data?.nodes.find((n) => n.id === node);
  const [target, setTarget] = useState<PreviewTarget | null>(null);
  const [result, setResult] = useState<ActionResponse | null>(null);
  const mutation = useQueueActionMutation({ onDone: (r) => (setResult(r), setTarget(null)) });
  const why = denial ?? (view ? nodeDenial(view) : null);
  return (
    <div className="grid" data-testid={`node-actions-${node}`}>
      <div className="row" role="group" aria-label={`Act on ${node} only`}>
        <span className="muted">act on this node:</span>
        {ACTIONS.map((a) => (
          <button
            key={a}
            type="button"
            className="small"
            data-testid={`node-action-${a}`}
            disabled={!!why || mutation.isPending}
            title={why ?? `${ACTION_LABELS[a]} ${domain}/* on ${node} only`}
            onClick={() => (setResult(null), setTarget({ action: a, pattern: `${domain}/*`, nodes: [node] }))}
          >
            {ACTION_LABELS[a]}
          </button>
        ))}
      </div>
      {target ? (
        <ActionConfirm
          key={JSON.stringify(target)}
          target={target}
          busy={mutation.isPending}
          onCancel={() => setTarget(null)}
          onSubmit={(b) => mutation.mutate(b)}
        />
      ) : null}
      {result ? <ActionResults result={result} onClose={() => setResult(null)} /> : null}
    </div>
  );
}
