'use client';
// Queue actions for one domain (drill-down page): choose the scope (all vMTAs or one; all
// nodes or some), then an action; a preview and confirmation follow, then per-node results.
// Viewers see every button disabled with the reason; the API refuses them regardless.
import { useMemo, useState } from 'react';
import type { ActionResponse, QueueAction } from '@/lib/actions/types';
import { ACTION_LABELS } from '@/lib/actions/types';
import { useNodesQuery } from '@/lib/query/overview';
import { useDomainQuery } from '@/lib/query/queues';
import { ActionConfirm } from './ActionConfirm';
import { ActionResults } from './ActionResults';
import { useActDenial } from '@/lib/query/session';
import { nodeDenial } from './node-ability';
import { DomainScheduledResumes } from './ScheduledResumes';
import { useQueueActionMutation, type PreviewTarget } from '@/lib/query/actions';
import { useUrlParams } from '@/components/ui/useUrlParams';

const ACTIONS: QueueAction[] = ['pause', 'resume', 'retry', 'reset-backoff'];

/**
 * An action to open in the preview on arrival (an alert's link: `?act=pause&node=…&pattern=…
 * &duration=30m`): pre-filled, never sent before the operator confirms it.
 */
export interface PrefilledAction {
  action: 'pause';
  node: string;
  pattern: string;
  resumeInSeconds: number | null;
}

export function ActionsPanel({ domain, prefilled }: { domain: string; prefilled?: PrefilledAction }) {
  const { denial } = useActDenial();
  const nodes = useNodesQuery().data?.nodes ?? [];
  const queues = useDomainQuery(domain).data?.queues;
  const vmtas = useMemo(() => [...new Set((queues ?? []).map((q) => q.vmta))].sort(), [queues]);
  const [vmta, setVmta] = useState(prefilled ? prefilled.pattern.slice(domain.length + 1) : '*');
  // The node picker (?node=) is the default scope: a page filtered to one node acts on that node.
  const [sp] = useUrlParams();
  const scopeNode = sp.get('node');
  const [pickedByHand, setPicked] = useState<'all' | string[] | null>(prefilled ? [prefilled.node] : null);
  const picked: 'all' | string[] = pickedByHand ?? (scopeNode ? [scopeNode] : 'all');
  const [target, setTarget] = useState<PreviewTarget | null>(
    prefilled ? { action: prefilled.action, pattern: prefilled.pattern, nodes: [prefilled.node] } : null,
  );
  const [result, setResult] = useState<ActionResponse | null>(null);
  const mutation = useQueueActionMutation({ onDone: (r) => (setResult(r), setTarget(null)) });

  const selected = picked === 'all' ? nodes : nodes.filter((n) => picked.includes(n.id));
  const usable = selected.filter((n) => !nodeDenial(n));
  const disabledWhy =
    denial ?? (picked !== 'all' && !picked.length ? 'pick at least one node' : nodes.length && !usable.length ? 'no selected node can take commands' : null);
  // Clicking one node while "all" is ticked selects only that node (the usual intent: act on
  // PMTA1 alone); further clicks add or remove nodes.
  const toggle = (id: string) => {
    if (picked === 'all') return setPicked([id]);
    setPicked(picked.includes(id) ? picked.filter((x) => x !== id) : [...picked, id]);
  };

  return (
    <div className="grid" data-testid="actions-panel">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2 style={{ margin: 0 }}>Actions</h2>
        {denial ? (
          <span className="badge warn" data-testid="actions-denial">
            {denial}
          </span>
        ) : null}
      </div>
      <div className="row">
        <label>
          vMTA{' '}
          <select value={vmta} onChange={(e) => setVmta(e.target.value)} disabled={!!denial} aria-label="vMTA scope">
            <option value="*">{`all vMTAs (${domain}/*)`}</option>
            {vmtas.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">Nodes:</span>
        <label>
          <input
            type="checkbox"
            checked={picked === 'all'}
            onChange={(e) => setPicked(e.target.checked ? 'all' : nodes.map((n) => n.id))}
            disabled={!!denial}
          />{' '}
          all
        </label>
        {nodes.map((n) => (
          <label key={n.id} title={nodeDenial(n) ?? ''}>
            <input
              type="checkbox"
              checked={picked === 'all' || picked.includes(n.id)}
              onChange={() => toggle(n.id)}
              disabled={!!denial}
              data-testid={`scope-node-${n.id}`}
            />{' '}
            {n.name}
            {nodeDenial(n) ? <span className="muted"> ({nodeDenial(n)})</span> : null}
          </label>
        ))}
      </div>
      <div className="row">
        {ACTIONS.map((a) => (
          <button
            key={a}
            type="button"
            data-testid={`action-${a}`}
            disabled={!!disabledWhy || mutation.isPending}
            title={disabledWhy ?? ''}
            onClick={() => (setResult(null), setTarget({ action: a, pattern: `${domain}/${vmta}`, nodes: picked }))}
          >
            {ACTION_LABELS[a]}
          </button>
        ))}
        {disabledWhy && !denial ? <span className="muted">{disabledWhy}</span> : null}
      </div>
      <DomainScheduledResumes domain={domain} />
      {target ? (
        <ActionConfirm
          key={JSON.stringify(target)}
          target={target}
          resumeInSeconds={prefilled && target.pattern === prefilled.pattern ? prefilled.resumeInSeconds : null}
          busy={mutation.isPending}
          onCancel={() => setTarget(null)}
          onSubmit={(b) => mutation.mutate(b)}
        />
      ) : null}
      {result ? <ActionResults result={result} onClose={() => setResult(null)} /> : null}
    </div>
  );
}
