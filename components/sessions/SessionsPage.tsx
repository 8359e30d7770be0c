'use client';
// Admins: every live console session (server-side: not signed out, revoked, expired or idle),
// and ending one session or all of a user's — a lost laptop, a leaver, a shared password.
// The end takes effect on the next request of that browser, on every console process.
import { useState } from 'react';
import { QueryState } from '@/components/ui/QueryState';
import { RelativeTime } from '@/components/ui/RelativeTime';
import { fmtExact } from '@/lib/format';
import { useRevokeSessionsMutation, useSessionsQuery } from '@/lib/query/session';

export function SessionsPage() {
  const q = useSessionsQuery();
  const revoke = useRevokeSessionsMutation();
  const [asked, setAsked] = useState<string | null>(null);
  const sessions = q.data?.sessions ?? [];
  const users = [...new Set(sessions.map((s) => s.username))];
  return (
    <div className="grid">
      <h1>Sessions</h1>
      <p className="muted">
        Signed-in console sessions. Ending a session signs that browser out at its next request; ending a user&apos;s sessions signs them out everywhere. Each
        is recorded in the audit log.
      </p>
      <QueryState isPending={q.isPending} error={q.error} what="the sessions">
        <table className="data" data-testid="sessions-table">
          <thead>
            <tr>
              <th>User</th>
              <th>Signed in</th>
              <th>Last active</th>
              <th>Expires</th>
              <th>From</th>
              <th>End</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id} data-testid="session-row" data-user={s.username}>
                <td>
                  {s.username} {s.current ? <span className="badge ok">this session</span> : null}
                </td>
                <td title={fmtExact(s.createdAt)}>
                  <RelativeTime at={s.createdAt} />
                </td>
                <td title={fmtExact(s.lastSeenAt)}>
                  <RelativeTime at={s.lastSeenAt} />
                </td>
                <td>{fmtExact(s.expiresAt)}</td>
                <td>
                  <code>{s.client}</code>
                </td>
                <td>
                  <button
                    type="button"
                    className="small"
                    disabled={revoke.isPending || s.current}
                    title={s.current ? 'sign out instead' : ''}
                    onClick={() => revoke.mutate({ id: s.id })}
                  >
                    end
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </QueryState>
      {users.length ? (
        <div className="row" data-testid="revoke-user">
          <span>End every session of</span>
          {users.map((u) =>
            asked === u ? (
              <span key={u} className="row">
                <button
                  type="button"
                  className="danger"
                  data-testid={`revoke-user-confirm-${u}`}
                  disabled={revoke.isPending}
                  onClick={() => (revoke.mutate({ user: u }), setAsked(null))}
                >
                  End all of {u}&apos;s sessions
                </button>
                <button type="button" onClick={() => setAsked(null)}>
                  Cancel
                </button>
              </span>
            ) : (
              <button key={u} type="button" data-testid={`revoke-user-${u}`} onClick={() => setAsked(u)}>
                {u}
              </button>
            ),
          )}
        </div>
      ) : null}
    </div>
  );
}
