import 'server-only';
import { DomainError } from '@/lib/domain-error';
import type { QueueDetail } from '@/lib/pmta/types';
import type { FleetNode } from './fleet';
import { errorKind } from '@/lib/pmta/errors';

const SHARE_MS = 2_000;

/**
 * `/queueDetail` is not part of the poll (it is per queue), so it is fetched when someone
 * looks. Concurrent and back-to-back requests for the same queue share one upstream call for
 * a couple of seconds, so a page open in many browsers costs PowerMTA one request. One per
 * fleet (`fleet.queueDetails`).
 */
export class SharedQueueDetails {
  private readonly recent = new Map<string, { at: number; promise: Promise<QueueDetail> }>();

  get(node: FleetNode, queue: string): Promise<QueueDetail> {
    const recent = this.recent;
    const key = `${node.config.id}\n${queue}`;
    const now = Date.now();
    const hit = recent.get(key);
    if (hit && now - hit.at < SHARE_MS) return hit.promise;
    const promise = node.client.queueDetail(queue).catch((e: unknown) => {
      recent.delete(key);
      const kind = errorKind(e);
      const message = e instanceof Error ? e.message : String(e);
      throw new DomainError(kind === 'upstream' ? 'not_found' : 'upstream', `${node.config.id}: ${message}`, { kind });
    });
    recent.set(key, { at: now, promise });
    for (const [k, v] of recent) if (now - v.at > SHARE_MS) recent.delete(k);
    return promise;
  }
}
