'use client';
// The step between choosing an action and sending it: the blast radius (queues, recipients
// and kB per node, nodes that cannot act and why), an optional reason, an optional
// auto-resume time for pauses, and — for wildcard or multi-node actions — the target typed
// out, which the server checks again.
import { PreviewNodeRow } from './PreviewNodeRow';
import { useState } from 'react';
import { MAX_PAUSE_MS } from '@/lib/actions/limits';
import { ACTION_LABELS } from '@/lib/actions/types';
import { fmtInt, fmtKb, parseUtcInput } from '@/lib/format';
import { QueryState } from '@/components/ui/QueryState';
import { useNow } from '@/components/ui/RelativeTime';
import { useActionPreviewQuery, type ActionBody, type PreviewTarget } from '@/lib/query/actions';

/** Time-boxed pause presets (minutes). */
const PRESETS = [
  { label: '15 min', minutes: 15 },
  { label: '1 h', minutes: 60 },
  { label: '4 h', minutes: 240 },
] as const;

/** "2026-12-01T14:05" in UTC, the datetime-local value for `ms`. */
const toUtcInput = (ms: number) => new Date(ms).toISOString().slice(0, 16);

/** Why an auto-resume time cannot be used, or null (the API checks the same). */
function resumeAtProblem(iso: string | undefined, raw: string, now: number): string | null {
  if (!raw) return null;
  if (!iso) return 'not a valid time';
  const at = Date.parse(iso);
  if (at <= now) return 'that time is in the past';
  if (at > now + MAX_PAUSE_MS) return 'at most 7 days ahead';
  return null;
}

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
  /** Pre-filled auto-resume (an alert's link), in seconds from now; the operator still confirms. */
  resumeInSeconds?: number | null;
}) {
  const now = useNow();
  const [includeDown, setIncludeDown] = useState<string[]>([]);
  const preview = useActionPreviewQuery({ ...target, includeDown });
  const [reason, setReason] = useState('');
  const [resumeAt, setResumeAt] = useState(() => (target.action === 'pause' && resumeInSeconds ? toUtcInput(Date.now() + resumeInSeconds * 1000) : ''));
  /** A preset counts from when it is sent, not from when it was clicked. */
  const [preset, setPreset] = useState<number | null>(null);
  const [typed, setTyped] = useState('');
  const p = preview.data;
  const confirmed = !p?.confirmRequired || typed.trim() === p.pattern;
  const resumeIso = preset !== null ? undefined : parseUtcInput(resumeAt);
  const timeProblem = preset !== null ? null : resumeAtProblem(resumeIso, resumeAt, now);
  const canSend = p !== undefined && p.total.nodes > 0 && confirmed && !busy && timeProblem === null;
  const toggleDown = (id: string) => setIncludeDown((l) => (l.includes(id) ? l.filter((x) => x !== id) : [...l, id]));
  const submit = () =>
    onSubmit({
      ...target,
      includeDown: includeDown.length ? includeDown : undefined,
      reason: reason.trim() || undefined,
      resumeAt: target.action === 'pause' ? (preset !== null ? new Date(Date.now() + preset * 60_000).toISOString() : resumeIso) : undefined,
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
                  <PreviewNodeRow
                    key={n.node}
                    n={n}
                    testId={`preview-node-${n.node}`}
                    included={includeDown.includes(n.node)}
                    onToggle={() => toggleDown(n.node)}
                  />
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
        <div className="row" role="group" aria-label="Resume automatically">
          <span>Resume automatically:</span>
          <button type="button" aria-pressed={preset === null && !resumeAt} onClick={() => (setPreset(null), setResumeAt(''))}>
            never
          </button>
          {PRESETS.map((x) => (
            <button
              key={x.minutes}
              type="button"
              aria-pressed={preset === x.minutes}
              data-testid={`resume-preset-${x.minutes}`}
              onClick={() => (setPreset(x.minutes), setResumeAt(toUtcInput(Date.now() + x.minutes * 60_000)))}
            >
              {x.label}
            </button>
          ))}
          <label>
            until…{' '}
            <input
              type="datetime-local"
              value={resumeAt}
              onChange={(e) => (setPreset(null), setResumeAt(e.target.value))}
              data-testid="resume-at"
              aria-invalid={timeProblem !== null}
            />{' '}
            <span className="muted">UTC</span>
          </label>
          {timeProblem ? (
            <span className="badge danger" role="alert" data-testid="resume-at-problem">
              {timeProblem}
            </span>
          ) : preset !== null ? (
            <span className="muted">{preset} min after sending</span>
          ) : !resumeAt ? (
            <span className="muted">(stays paused until resumed)</span>
          ) : null}
        </div>
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
