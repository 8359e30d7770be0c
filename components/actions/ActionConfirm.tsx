'use client';
// The step between choosing an action and sending it: the blast radius (queues, recipients
// and kB per node, nodes that cannot act and why), an optional reason, an optional
// auto-resume time for pauses, and — for wildcard or multi-node actions — the target typed
// out, which the server checks again.
import { useState } from 'react';
import { ACTION_LABELS } from '@/lib/actions/types';
import { fmtInt, fmtKb, parseUtcInput } from '@/lib/format';
import { QueryState } from '@/components/ui/QueryState';
import { useActionPreviewQuery, type ActionBody, type PreviewTarget } from '@/lib/query/actions';

/** A datetime-local value (UTC, minutes) `seconds` from now; '' without one. */
const utcInputIn = (seconds: number | null) => (seconds ? new Date(Date.now() + seconds * 1000).toISOString().slice(0, 16) : '');

export function ActionConfirm({
  target,
  busy,
  onCancel,
  onSubmit,
  resumeInSeconds = null,
}: {
  target: PreviewTarget;
  busy: boolean;
  onCancel: () => void;
  onSubmit: (b: ActionBody) => void;
  resumeInSeconds?: number | null;
}) {
  const preview = useActionPreviewQuery(target);
  const [reason, setReason] = useState('');
  const [resumeAt, setResumeAt] = useState(() => (target.action === 'pause' ? utcInputIn(resumeInSeconds) : ''));
  const [typed, setTyped] = useState('');
  const p = preview.data;
  const confirmed = !p?.confirmRequired || typed.trim() === p.pattern;
  const canSend = p !== undefined && p.total.nodes > 0 && confirmed && !busy;
  const submit = () =>
    onSubmit({
      ...target,
      reason: reason.trim() || undefined,
      resumeAt: target.action === 'pause' ? parseUtcInput(resumeAt) : undefined,
      confirm: p?.confirmRequired ? typed.trim() : undefined,
    });
  return (
    <div className="grid" data-testid="action-preview">
      <QueryState isPending={preview.isPending} error={preview.error} what="the preview">
        {p ? (
          <>
            <div>
              <strong>{ACTION_LABELS[target.action]}</strong> <code>{p.pattern}</code> — command <code>{p.command}</code>
            </div>
            <table className="data">
              <thead>
                <tr>
                  <th>Node</th>
                  <th className="num">Queues</th>
                  <th className="num">Recipients</th>
                  <th className="num">Size</th>
                  <th>Can act</th>
                </tr>
              </thead>
              <tbody>
                {p.nodes.map((n) => (
                  <tr key={n.node} data-testid={`preview-node-${n.node}`}>
                    <td>{n.name}</td>
                    <td className="num">{fmtInt(n.queueCount)}</td>
                    <td className="num">{fmtInt(n.rcp)}</td>
                    <td className="num">{fmtKb(n.kb)}</td>
                    <td>
                      {n.available ? (
                        <span className="badge ok">yes</span>
                      ) : (
                        <span className="badge danger" title={n.reason ?? ''}>
                          no: {n.reason}
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div data-testid="preview-total">
              Affects <strong>{fmtInt(p.total.queues)}</strong> queue(s), <strong>{fmtInt(p.total.rcp)}</strong> recipients, {fmtKb(p.total.kb)} on{' '}
              {p.total.nodes} node(s).
            </div>
          </>
        ) : null}
      </QueryState>
      <label className="row">
        Reason{' '}
        <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} placeholder="optional, goes to the audit log" style={{ flex: 1 }} />
      </label>
      {target.action === 'pause' ? (
        <label className="row">
          Resume automatically at (UTC) <input type="datetime-local" value={resumeAt} onChange={(e) => setResumeAt(e.target.value)} data-testid="resume-at" />
          <span className="muted">(optional; leave empty to stay paused)</span>
        </label>
      ) : null}
      {p?.confirmRequired ? (
        <label className="row">
          Type <code>{p.pattern}</code> to confirm
          <input
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            data-testid="confirm-input"
            aria-label="Type the target to confirm"
            autoComplete="off"
          />
        </label>
      ) : null}
      <div className="row">
        <button type="button" className={target.action === 'pause' ? 'danger' : 'primary'} disabled={!canSend} onClick={submit} data-testid="action-confirm">
          {busy ? 'Sending…' : `${ACTION_LABELS[target.action]} ${p?.pattern ?? target.pattern}`}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        {p && p.total.nodes === 0 ? <span className="muted">No selected node can take this action.</span> : null}
      </div>
    </div>
  );
}
