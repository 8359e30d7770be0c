import 'server-only';
// The queue list's filter and sort parameters, shared by /api/queues (one page) and
// /api/queues/export (every matching row), so an export is exactly the view it came from.
import type { z } from 'zod';
import { ApiError } from './errors';
import { queueViewParams } from './contracts/registry';
import type { Fleet } from '@/lib/fleet/fleet';
import type { QueueOrder } from '@/lib/queue-store/queue-query';

type ViewParams = z.infer<z.ZodObject<typeof queueViewParams>>;

export function queueOrder(p: ViewParams): QueueOrder {
  return { filter: { text: p.q, node: p.node, vmta: p.vmta, mode: p.mode, paused: p.paused, hasErrors: p.errors }, sort: p.sort, dir: p.dir };
}

/** Each node's latest queue table; an unknown `node` is the caller's mistake (400). */
export function queueSources(fleet: Fleet, node: string | undefined) {
  if (node && !fleet.node(node)) throw new ApiError('bad_request', `node: unknown node "${node}"`);
  return fleet.nodes.flatMap((n) => (n.poller.snapshot.queues ? [{ node: n.config.id, table: n.poller.snapshot.queues }] : []));
}
