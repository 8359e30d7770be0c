'use client';
// The intended state the console set, per node, with its origin in the audit log and any drift.
import Link from 'next/link';
import { useLedgerQuery } from '@/lib/query/toolbox';
import { fmtExact } from '@/lib/format';
import { QueryState } from '@/components/ui/QueryState';
import { describeIntent, DriftList } from './DriftList';

export function LedgerPage() {
  const q = useLedgerQuery();
  return (
    <div className="grid">
      <h1>Action ledger</h1>
      <DriftList />
      <QueryState isPending={q.isPending} error={q.error} what="the ledger">
        {q.data ? (
          q.data.intents.length ? (
            <table className="table" data-testid="ledger-table">
              <thead>
                <tr>
                  <th>Node</th>
                  <th>Intended</th>
                  <th>Set by</th>
                  <th>At</th>
                  <th>Until</th>
                  <th>Reason</th>
                  <th>Origin</th>
                  <th>Live</th>
                </tr>
              </thead>
              <tbody>
                {q.data.intents.map((i) => (
                  <tr key={i.id}>
                    <td>{i.node}</td>
                    <td>{describeIntent(i)}</td>
                    <td>{i.setBy}</td>
                    <td>{fmtExact(i.setAt)}</td>
                    <td>{i.until ? fmtExact(i.until) : '—'}</td>
                    <td>{i.reason ?? ''}</td>
                    <td>
                      <Link href={`/audit`}>audit #{i.auditId}</Link>
                    </td>
                    <td>
                      {i.drift ? (
                        <span className="badge">drift since {fmtExact(i.drift.since)}</span>
                      ) : i.checkedAt ? (
                        `in force (checked ${fmtExact(i.checkedAt)})`
                      ) : (
                        'not checked yet'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <div className="muted">Nothing set from the console is in force right now.</div>
          )
        ) : null}
      </QueryState>
    </div>
  );
}
