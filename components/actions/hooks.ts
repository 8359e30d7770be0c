'use client';
// Data hooks of the action UI: who am I (role), the blast-radius preview, pending scheduled
// resumes. All through the one fetch wrapper and key factory.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { QueueAction } from '@/lib/actions/types';
import { roleAtLeast } from '@/lib/auth/roles';
import { apiFetch } from '@/lib/query/fetcher';
import { queryKeys, REFRESH_MS } from '@/lib/query/keys';

export function useMe() {
  return useQuery({
    queryKey: queryKeys.me(),
    queryFn: ({ signal }) => apiFetch('/api/auth/me', { signal }),
    staleTime: Infinity,
  });
}

/** null while unknown; otherwise why this user cannot act (null = may act). */
export function useActDenial(): { known: boolean; denial: string | null } {
  const me = useMe();
  const user = me.data?.user;
  if (!user) return { known: false, denial: me.isPending ? 'checking your role…' : 'not signed in' };
  return { known: true, denial: roleAtLeast(user.role, 'operator') ? null : `${user.role} role: read-only` };
}

export interface PreviewTarget {
  action: QueueAction;
  pattern: string;
  nodes: 'all' | string[];
}

export const nodesParam = (nodes: 'all' | string[]) => (nodes === 'all' ? 'all' : nodes.join(','));

export function useActionPreview(target: PreviewTarget | null) {
  const query = target ? { action: target.action, pattern: target.pattern, nodes: nodesParam(target.nodes) } : {};
  return useQuery({
    queryKey: queryKeys.actionPreview(query),
    queryFn: ({ signal }) => apiFetch('/api/actions/preview', { query, signal }),
    enabled: target !== null,
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
}

export function useScheduledResumes() {
  return useQuery({
    queryKey: queryKeys.scheduledResumes(),
    queryFn: ({ signal }) => apiFetch('/api/actions/scheduled', { signal }),
    refetchInterval: REFRESH_MS,
  });
}
