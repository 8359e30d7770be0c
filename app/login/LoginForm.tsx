'use client';
import { useState, type CSSProperties, type FormEvent } from 'react';
import { safeNextPath } from '@/lib/auth/next-path';
import { ApiClientError } from '@/lib/query/fetcher';
import { useLoginMutation } from '@/lib/query/session';

interface DemoUserHint {
  username: string;
  password: string;
  role: string;
}

// Fallbacks keep the form legible if globals.css has not defined the console's variables.
const S: Record<string, CSSProperties> = {
  page: { minHeight: '100vh', display: 'grid', placeItems: 'center', padding: 16, background: 'var(--bg, #0f1216)', color: 'var(--fg, #e6edf3)' },
  box: { width: 'min(360px, 100%)', display: 'grid', gap: 12 },
  panel: { background: 'var(--panel, #161b22)', border: '1px solid var(--border, #2a323d)', borderRadius: 6, padding: 16, display: 'grid', gap: 10 },
  label: { display: 'grid', gap: 4, fontSize: 12, color: 'var(--muted, #8b98a8)' },
  input: { width: '100%', padding: '6px 8px' },
  button: { padding: '6px 12px', background: 'var(--accent, #4d8dff)', borderColor: 'var(--accent, #4d8dff)', color: '#fff' },
  error: { border: '1px solid var(--danger, #f85149)', color: 'var(--danger, #f85149)', padding: '6px 10px', borderRadius: 4 },
  demo: { border: '2px dashed var(--danger, #f85149)', borderRadius: 6, padding: 12, background: 'var(--panel, #161b22)', fontSize: 12 },
  demoTitle: { color: 'var(--danger, #f85149)', fontWeight: 700, letterSpacing: 0.5, marginBottom: 6 },
  code: { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' },
};

function errorMessage(e: unknown): string {
  if (!(e instanceof ApiClientError)) return String(e);
  if (e.status === 0) return 'The console server is not answering.';
  // The fetch wrapper carries the server's message; without one it says "HTTP <status> …".
  if (e.code === 'http') return e.status === 429 ? 'Too many failed sign-ins; wait and try again.' : `Sign-in failed (HTTP ${e.status}).`;
  return e.message;
}

export function LoginForm({ next, demoUsers }: { next: string; demoUsers: DemoUserHint[] | null }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const login = useLoginMutation();
  // Signed in: the tab is leaving, the button stays busy.
  const busy = login.isPending || login.isSuccess;
  const error = login.error ? errorMessage(login.error) : null;

  function submit(e: FormEvent) {
    e.preventDefault();
    // A full navigation, so every server component renders afresh with the new cookie.
    login.mutate({ username, password }, { onSuccess: () => window.location.assign(safeNextPath(next)) });
  }

  return (
    <main style={S.page}>
      <div style={S.box}>
        {demoUsers && (
          <section style={S.demo} role="note" aria-label="Demo accounts">
            <div style={S.demoTitle}>DEMO MODE: simulated fleet, well-known passwords</div>
            <table>
              <tbody>
                {demoUsers.map((u) => (
                  <tr key={u.username}>
                    <td style={S.code}>{u.username}</td>
                    <td style={S.code}>{u.password}</td>
                    <td style={{ color: 'var(--muted, #8b98a8)' }}>{u.role}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
        <form style={S.panel} onSubmit={submit} aria-label="Sign in">
          <h1 style={{ margin: 0, fontSize: 16 }}>PowerMTA Console</h1>
          <label style={S.label}>
            Username
            <input style={S.input} name="username" autoComplete="username" autoFocus required value={username} onChange={(e) => setUsername(e.target.value)} />
          </label>
          <label style={S.label}>
            Password
            <input
              style={S.input}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          {error && (
            <div style={S.error} role="alert">
              {error}
            </div>
          )}
          <button type="submit" className="primary" style={S.button} disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </div>
    </main>
  );
}
