// The contracts and the domain types must describe the same shapes, field for field: `tsc`
// checks these assertions (a field added on one side and not the other fails the build), and
// apiRoute must refuse a handler whose return value does not fit the contract.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { apiRoute } from '@/lib/api/route';
import { routes } from './registry';
import type * as F from './fleet';
import type * as H from './history';
import type * as A from './actions';
import type * as B from './bounces';
import type { BackingUpVerdict } from '@/lib/read-models/backing-up';
import type { BackoffGroup } from '@/lib/read-models/backoff-board';
import type { DomainView } from '@/lib/read-models/domain-view';
import type { DomainBacklog, NodeTotals, NodeView } from '@/lib/read-models/views';
import type { VmtaView } from '@/lib/read-models/vmta-view';
import type { QueueRow } from '@/lib/queue-store/queue-query';
import type { QueueDetail } from '@/lib/pmta/types';
import type { DomainHistoryResponse, DrainResponse, HistoryResponse } from '@/lib/history/api-types';
import type { AuditListResponse } from '@/lib/audit/types';
import type { ActionPreview, ActionResponse, ScheduledResumesResponse } from '@/lib/actions/types';
import type { BouncesResponse } from '@/lib/accounting/store/types';

// Mutual assignability (an intersection and its flattened object count as the same shape).
type Equal<X, Y> = [X] extends [Y] ? ([Y] extends [X] ? true : false) : false;
const same = <X, Y>(ok: Equal<X, Y>) => ok;

describe('contracts', () => {
  it('match the domain types field for field', () => {
    const checks: true[] = [
      same<z.infer<typeof F.nodeViewSchema>, NodeView>(true),
      same<z.infer<typeof F.nodeTotalsSchema>, NodeTotals>(true),
      same<z.infer<typeof F.domainBacklogSchema>, DomainBacklog>(true),
      same<z.infer<typeof F.backingUpVerdictSchema>, BackingUpVerdict>(true),
      same<z.infer<typeof F.backoffGroupSchema>, BackoffGroup>(true),
      same<z.infer<typeof F.domainViewSchema>, DomainView>(true),
      same<z.infer<typeof F.vmtaViewSchema>, VmtaView>(true),
      same<z.infer<typeof F.queueRowSchema>, QueueRow>(true),
      same<z.infer<typeof F.queueDetailSchema>, QueueDetail>(true),
      same<z.infer<typeof H.historyResponseSchema>, HistoryResponse>(true),
      same<z.infer<typeof H.drainResponseSchema>, DrainResponse>(true),
      same<z.infer<typeof H.domainHistoryResponseSchema>, DomainHistoryResponse>(true),
      same<z.infer<typeof A.auditListResponseSchema>, AuditListResponse>(true),
      same<z.infer<typeof A.actionPreviewSchema>, ActionPreview>(true),
      same<z.infer<typeof A.actionResponseSchema>, ActionResponse>(true),
      same<z.infer<typeof A.scheduledResumesResponseSchema>, ScheduledResumesResponse>(true),
      same<z.infer<typeof B.bouncesResponseSchema>, BouncesResponse>(true),
    ];
    expect(checks.every(Boolean)).toBe(true);
  });

  it('refuse a handler that returns the wrong shape (compile time)', () => {
    // @ts-expect-error generatedAt must be a number
    apiRoute(routes['GET /api/vmtas'], () => ({ generatedAt: 'now', vmtas: [] }));
    // @ts-expect-error a JSON route cannot answer an arbitrary Response
    apiRoute(routes['GET /api/nodes'], () => new Response('x'));
    // @ts-expect-error a CSV route must build its Response
    apiRoute(routes['GET /api/queues/export'], () => ({ rows: [] }));
    const ok = apiRoute(routes['GET /api/vmtas'], () => ({ generatedAt: 1, vmtas: [] }));
    expect(typeof ok).toBe('function');
  });
});
