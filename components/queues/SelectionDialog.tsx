'use client';
// One action on the whole selection: the preview lists every selected queue per node (from the
// server, which resolves "all matching the filter" itself), one typed confirmation ("pause 3
// queues", recounted by the server), then each node's result and verification.
import { useState } from 'react';
import type { ActionResponse } from '@/lib/actions/types';
import { ACTION_LABELS } from '@/lib/actions/types';
import { fmtInt, fmtKb } from '@/lib/format';
import { useSelectionActionMutation, useSelectionPreviewQuery, type SelectionTarget } from '@/lib/query/selection';
import { QueryState } from '@/components/ui/QueryState';
import { NodeResults } from '@/components/actions/ActionResults';

export function SelectionDialog({ target, onClose, onSent }: { target: SelectionTarget; onClose: () => void; onSent: () => void }) {
  const [typed, setTyped] = useState('');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<ActionResponse | null>(null);
  // Once sent, the preview is history: not re-asked when the action's invalidation refreshes the page.
  const preview = useSelectionPreviewQuery(done ? null : target);
  const send = useSelectionActionMutation({ onDone: (r) => (setDone(r), onSent()) });
  const p = preview.data;
  const ready = p !== undefined && p.total.nodes > 0 && typed.trim() === p.confirmText && !send.isPending;
  return (
    <div className="panel grid" role="dialog" aria-label="Action on the selected queues" data-testid="selection-dialog">
      {done ? (
        <>
          <div data-testid="selection-outcome">
            <strong>{ACTION_LABELS[done.action]}</strong>: {done.state} (audit #{done.auditId})
          </div>
          <NodeResults results={done.results} />
        </>
      ) : (
        <QueryState isPending={preview.isPending} error={preview.error} what="the preview">
          {p ? (
            <>
              <div>
                <strong>{ACTION_LABELS[p.action]}</strong> each selected queue — e.g. <code>{p.command}</code>
              </div>
              {p.nodes.map((n) => (
                <div key={n.node} data-testid={`selection-node-${n.node}`}>
                  <strong>{n.name}</strong>: {fmtInt(n.queueCount)} queue(s), {fmtInt(n.rcp)} recipients, {fmtKb(n.kb)}
                  {n.available ? null : <span className="badge danger"> cannot act: {n.reason}</span>}
                  {n.available && n.down ? (
                    <span className="badge danger" data-testid="selection-node-down" title="its numbers are its last data, not live; the command may time out">
                      {' '}
                      {n.down.label}
                    </span>
                  ) : null}
                  <table className="data">
                    <thead>
                      <tr>
                        <th>Queue</th>
                        <th className="num">Rcpt</th>
                        <th className="num">Size</th>
                        <th>Paused</th>
                      </tr>
                    </thead>
                    <tbody>
                      {n.queues.map((q) => (
                        <tr key={q.name} data-testid="selection-queue">
                          <td>{q.name}</td>
                          <td className="num">{fmtInt(q.rcp)}</td>
                          <td className="num">{fmtKb(q.kb)}</td>
                          <td>{q.paused ? 'paused' : q.paused === false ? 'no' : '–'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ))}
              <div data-testid="selection-total">
                Affects <strong>{fmtInt(p.total.queues)}</strong> queue(s), {fmtInt(p.total.rcp)} recipients on {p.total.nodes} node(s).
              </div>
              <label className="row">
                Reason <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} placeholder="optional, goes to the audit log" />
              </label>
              <label className="row">
                Type <code>{p.confirmText}</code> to confirm
                <input
                  value={typed}
                  onChange={(e) => setTyped(e.target.value)}
                  data-testid="selection-confirm"
                  aria-label="Type the count to confirm"
                  autoComplete="off"
                />
              </label>
            </>
          ) : null}
        </QueryState>
      )}
      <div className="row">
        {done ? null : (
          <button
            type="button"
            className={target.action === 'pause' ? 'danger' : 'primary'}
            disabled={!ready}
            onClick={() => p && send.mutate({ ...target, confirm: p.confirmText, reason: reason.trim() || undefined })}
            data-testid="selection-send"
          >
            {send.isPending ? 'Sending…' : p ? `${ACTION_LABELS[target.action]} ${p.total.queues} queue(s)` : ACTION_LABELS[target.action]}
          </button>
        )}
        <button type="button" onClick={onClose} disabled={send.isPending}>
          {done ? 'Close' : 'Cancel'}
        </button>
      </div>
    </div>
  );
}
