'use client';
// Per-node outcome of an action: PowerMTA's own reply text and the re-poll verification.
import type { ActionResponse } from '@/lib/actions/types';
import { ACTION_LABELS } from '@/lib/actions/types';
import type { AuditNodeResult } from '@/lib/audit/types';
import { fmtExact } from '@/lib/format';
import { changedNothing } from '@/lib/query/actions';

const STATUS_CLASS: Record<AuditNodeResult['status'], string> = { ok: 'ok', failed: 'danger', unavailable: 'warn' };
const VERIFY_CLASS: Record<string, string> = { verified: 'ok', sent: '', mismatch: 'warn', 'poll-failed': 'warn', 'not-checked': '' };

export function NodeResults({ results }: { results: AuditNodeResult[] }) {
  return (
    <table className="data">
      <thead>
        <tr>
          <th>Node</th>
          <th>Result</th>
          <th>PowerMTA said</th>
          <th>Verification</th>
        </tr>
      </thead>
      <tbody>
        {results.map((r) => (
          <tr key={r.node} data-testid={`result-${r.node}`}>
            <td>{r.node}</td>
            <td>
              {changedNothing(r) ? (
                <span className="badge warn" data-testid="result-changed-nothing" title="PowerMTA accepted the command, but no queue was changed">
                  ok — changed nothing
                </span>
              ) : (
                <span className={`badge ${STATUS_CLASS[r.status]}`}>{r.status}</span>
              )}
            </td>
            <td>
              <code>{r.text}</code>
            </td>
            <td>
              {r.verification ? (
                <>
                  <span className={`badge ${VERIFY_CLASS[r.verification.status] ?? ''}`}>{r.verification.status}</span>{' '}
                  <span className="muted">{r.verification.detail}</span>
                </>
              ) : (
                <span className="muted">–</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ActionResults({ result, onClose }: { result: ActionResponse; onClose: () => void }) {
  return (
    <div className="grid" data-testid="action-results">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <span>
          {ACTION_LABELS[result.action]} <code>{result.pattern}</code>:{' '}
          <span
            className={`badge ${result.state === 'completed' && !result.results.some(changedNothing) ? 'ok' : result.state === 'failed' ? 'danger' : 'warn'}`}
            data-testid="result-state"
          >
            {result.state}
            {result.results.some(changedNothing) ? ' — nothing changed' : ''}
          </span>{' '}
          (audit #{result.auditId}){result.scheduledResume ? <> — resumes automatically at {fmtExact(result.scheduledResume.at)}</> : null}
        </span>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <NodeResults results={result.results} />
    </div>
  );
}
