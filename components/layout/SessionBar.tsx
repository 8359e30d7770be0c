'use client';
import type { AuthUser } from '@/lib/auth/roles';
import { useLogoutMutation, useMeQuery } from '@/lib/query/session';
import styles from './SessionBar.module.css';

/**
 * Who is signed in, with their role and a sign-out button; in demo mode a loud banner.
 * It also asks /api/auth/me once, which (re)sets the CSRF cookie the fetch wrapper sends
 * with every change — needed for users signed in by a trusted proxy, who never saw /login.
 */
export function SessionBar({ user, demo }: { user: AuthUser; demo: boolean }) {
  useMeQuery();
  const logout = useLogoutMutation();
  return (
    <>
      {demo ? (
        <div className={styles.demo} role="note" data-testid="demo-banner">
          DEMO MODE — a simulated PowerMTA fleet with demo accounts (viewer / operator / admin, password “&lt;name&gt;-demo”). Never use this configuration in
          production.
        </div>
      ) : null}
      <div className={styles.bar}>
        <span data-testid="session-user">
          {user.username} <span className="badge">{user.role}</span>
        </span>
        <button type="button" onClick={() => logout.mutate()} disabled={logout.isPending || logout.isSuccess || logout.isError}>
          Sign out
        </button>
      </div>
    </>
  );
}
