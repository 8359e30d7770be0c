'use client';
// Audit entries, newest first; a row expands to every node's reply and verification.
import { Fragment, useState } from 'react';
import { AUDIT_ACTION_LABELS } from '@/lib/actions/types';
import { ownValue } from '@/lib/null-proto';
import type { AuditEntry, AuditState } from '@/lib/audit/types';
import { fmtExact } from '@/lib/format';
import { NodeResults } from '@/components/actions/ActionResults';

const STATE_CLASS: Record<AuditState, string> = { started: 'warn', completed: 'ok', partial: 'warn', failed: 'danger', incomplete: 'danger' };

export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  const [open, setOpen] = useState<number | null>(null);
  if (!entries.length) return <div className="muted">No actions match these filters.</div>;
  return (
    <table className="data" data-testid="audit-table">
      <thead>
        <tr>
          <th>Time (UTC)</th>
          <th>User</th>
          <th>From</th>
          <th>Action</th>
          <th>Pattern</th>
          <th>Nodes</th>
          <th>Reason</th>
          <th>State</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <Fragment key={e.id}>
            <tr data-testid={`audit-row-${e.id}`}>
              <td className="num">{fmtExact(e.at)}</td>
              <td>{e.user}</td>
              <td className="muted">{e.clientAddress}</td>
              <td>
                {ownValue<string>(AUDIT_ACTION_LABELS, e.action) ?? e.action}
                {e.resumeAt ? <span className="muted"> until {fmtExact(e.resumeAt)}</span> : null}
              </td>
              <td>
                <code>{e.pattern}</code>
              </td>
              <td>{e.nodes.join(', ')}</td>
              <td>{e.reason ?? <span className="muted">–</span>}</td>
              <td>
                <span className={`badge ${STATE_CLASS[e.state]}`}>{e.state}</span>
              </td>
              <td>
                <button type="button" onClick={() => setOpen(open === e.id ? null : e.id)} aria-expanded={open === e.id}>
                  {open === e.id ? 'Hide' : 'Results'}
                </button>
              </td>
            </tr>
            {open === e.id ? (
              <tr>
                <td colSpan={9}>
                  <div className="muted">
                    Command: <code>{e.command}</code>
                    {e.finishedAt ? ` · finished ${fmtExact(e.finishedAt)}` : ''}
                  </div>
                  {e.results.length ? (
                    <NodeResults results={e.results} />
                  ) : (
                    <div className="muted">
                      No node results recorded{e.state === 'incomplete' ? ': the console stopped while this action was in flight; check the nodes.' : '.'}
                    </div>
                  )}
                </td>
              </tr>
            ) : null}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}
