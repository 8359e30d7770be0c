'use client';
// Preview → confirm → send for a toolbox action (job, source, delete, retry with held
// recipients): shows the exact command, what it touches per node (a delete: the recipients and
// kB that would go), asks for the typed target when the server says so (always for a delete),
// and sends it once.
import { useState } from 'react';
import { ACTION_LABELS } from '@/lib/actions/types';
import { useToolActionMutation, useToolPreviewQuery, type ToolBody } from '@/lib/query/toolbox';
import { QueryState } from '@/components/ui/QueryState';
import { PreviewNodeRow } from '@/components/actions/PreviewNodeRow';
import { fmtInt, fmtKb } from '@/lib/format';

export function ToolActionDialog({ body, onClose }: { body: ToolBody; onClose: () => void }) {
  // A stale or down node is left out unless the operator includes it (as for queue actions).
  const [includeDown, setIncludeDown] = useState<string[]>([]);
  const toggleDown = (id: string) => setIncludeDown((l) => (l.includes(id) ? l.filter((x) => x !== id) : [...l, id]));
  const withDown = { ...body, ...(includeDown.length ? { includeDown } : {}) };
  const preview = useToolPreviewQuery(withDown);
  const [typed, setTyped] = useState('');
  const [reason, setReason] = useState('');
  const send = useToolActionMutation({ onDone: onClose });
  const p = preview.data;
  const needs = p?.confirmText ?? null;
  const ready = p !== undefined && p.total.nodes > 0 && (needs === null || typed.trim() === needs) && !send.isPending;
  return (
    <div className="panel" role="dialog" aria-label={`${ACTION_LABELS[body.action]} preview`} data-testid="tool-dialog">
      <QueryState isPending={preview.isPending} error={preview.error} what="the preview">
        {p ? (
          <>
            <div>
              <strong>{ACTION_LABELS[body.action]}</strong> — command <code data-testid="tool-command">{p.command}</code>
              {p.adminOnly ? <span className="badge"> admins only</span> : null}
            </div>
            <table className="data">
              <thead>
                <tr>
                  <th>Node</th>
                  <th className="num">Queues</th>
                  <th className="num">Recipients</th>
                  <th className="num">Size</th>
                  <th>Can act</th>
                  <th>Queues (first 10)</th>
                </tr>
              </thead>
              <tbody>
                {p.nodes.map((n) => (
                  <PreviewNodeRow key={n.node} n={n} testId={`tool-node-${n.node}`} included={includeDown.includes(n.node)} onToggle={() => toggleDown(n.node)}>
                    <td className="muted">
                      {n.queues
                        .slice(0, 10)
                        .map((q) => q.name)
                        .join(', ')}
                    </td>
                  </PreviewNodeRow>
                ))}
              </tbody>
            </table>
            <div data-testid="tool-total">
              Total: {fmtInt(p.total.queues)} queue(s), {fmtInt(p.total.rcp)} recipient(s), {fmtKb(p.total.kb)} on {p.total.nodes} node(s)
            </div>
            <label>
              Reason <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="why (goes to the audit log)" />
            </label>
            {needs !== null ? (
              <label>
                Type <code>{needs}</code> to confirm{' '}
                <input value={typed} onChange={(e) => setTyped(e.target.value)} aria-label="Type the target to confirm" data-testid="tool-confirm" />
              </label>
            ) : null}
          </>
        ) : null}
      </QueryState>
      <div className="row">
        <button
          type="button"
          disabled={!ready}
          onClick={() => send.mutate({ ...withDown, confirm: needs ?? undefined, reason: reason.trim() || undefined })}
          data-testid="tool-send"
        >
          {send.isPending ? 'Sending…' : ACTION_LABELS[body.action]}
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </div>
  );
}
