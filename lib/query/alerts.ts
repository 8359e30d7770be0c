'use client';
// Alerts, silences and acknowledgements (GET /api/alerts and its operator routes).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { toast } from '@/components/ui/Toast';
import { apiFetch, ApiClientError, type QueryParams } from './fetcher';
import { queryKeys } from './keys';
import { polledPushed } from './polling';

export function useAlertsQuery(query: QueryParams = {}) {
  return useQuery({
    queryKey: queryKeys.alerts(query),
    queryFn: ({ signal }) => apiFetch('/api/alerts', { query, signal }),
    ...polledPushed('/api/alerts', query),
  });
}

function useAlertMutation<T>(fn: (v: T) => Promise<unknown>, what: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onError: (e) => toast({ kind: 'danger', title: `${what} refused`, body: e instanceof ApiClientError ? e.message : String(e) }),
    onSuccess: () => {
      toast({ kind: 'ok', title: what });
      void qc.invalidateQueries({ queryKey: queryKeys.alerts().slice(0, 2) });
    },
  });
}

export function useSilenceMutation() {
  return useAlertMutation(
    (body: { matchers: { label: string; value: string }[]; durationSeconds: number; reason: string }) =>
      apiFetch('/api/alerts/silences', { method: 'POST', body }),
    'Silence created',
  );
}

export function useUnsilenceMutation() {
  return useAlertMutation((id: number) => apiFetch('/api/alerts/silences/{id}', { method: 'DELETE', params: { id: String(id) } }), 'Silence ended');
}

export function useAckMutation() {
  return useAlertMutation((id: number) => apiFetch('/api/alerts/{id}/ack', { method: 'POST', params: { id: String(id) }, body: {} }), 'Alert acknowledged');
}
