'use client';
// Signing in, who is signed in (role for the action UI), signing out, and (admins) the live
// sessions of everyone with revocation.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { toast } from '@/components/ui/Toast';
import { ApiClientError } from './fetcher';
import { polled } from './polling';
import type { AuthUser } from '@/lib/auth/roles';
import { roleAtLeast } from '@/lib/auth/roles';
import { apiFetch } from './fetcher';
import { queryKeys } from './keys';

export interface MeResponse {
  user: AuthUser;
  csrfToken: string | null;
  demo: boolean;
}

/**
 * GET /api/auth/me once per tab: besides the role, the answer (re)sets the CSRF cookie the
 * fetch wrapper sends with every change — needed for users signed in by a trusted proxy.
 */
export function useMeQuery() {
  return useQuery({ queryKey: queryKeys.me(), queryFn: ({ signal }) => apiFetch('/api/auth/me', { signal }), staleTime: Infinity });
}

/** null while unknown; otherwise why this user cannot act (null = may act). */
export function useActDenial(): { known: boolean; denial: string | null } {
  const me = useMeQuery();
  const user = me.data?.user;
  if (!user) return { known: false, denial: me.isPending ? 'checking your role…' : 'not signed in' };
  return { known: true, denial: roleAtLeast(user.role, 'operator') ? null : `${user.role} role: read-only` };
}

/** Signs in (public route: no session yet); the caller navigates on success. */
export function useLoginMutation() {
  return useMutation({ mutationFn: (body: { username: string; password: string }) => apiFetch('/api/auth/login', { method: 'POST', body }) });
}

/** Signs out; whatever the answer, the tab leaves for /login with a full navigation. */
export function useLogoutMutation() {
  return useMutation({
    mutationFn: () => apiFetch('/api/auth/logout', { method: 'POST' }),
    onSettled: () => window.location.replace('/login'),
  });
}

/** Admin: the live console sessions (server-side). */
export function useSessionsQuery() {
  return useQuery({ queryKey: queryKeys.sessions(), queryFn: ({ signal }) => apiFetch('/api/auth/sessions', { signal }), ...polled });
}

/** Admin: end every session of a user, or one session, on every console process. */
export function useRevokeSessionsMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (target: { user: string } | { id: string }) => apiFetch('/api/auth/sessions', { method: 'DELETE', query: target }),
    onSuccess: (r, target) => toast({ kind: 'ok', title: `${r.revoked} session(s) ended${'user' in target ? ` for ${target.user}` : ''}` }),
    onError: (e) => toast({ kind: 'danger', title: 'Revoking refused', body: e instanceof ApiClientError ? e.message : String(e) }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.sessions() }),
  });
}
