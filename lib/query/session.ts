'use client';
// Signing in, who is signed in (role for the action UI), and signing out.
import { useMutation, useQuery } from '@tanstack/react-query';
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
