import 'server-only';
// Ingestion status per configured node: the live ingester's polling state (if this process
// runs one) merged with what the store has persisted (counters, samples, last offset).
import { storedNodeStatus } from '@/lib/accounting/store/status';
import type { IngestionStatus } from '@/lib/accounting/store/types';
import { roleAtLeast, type Role } from '@/lib/auth/roles';
import type { ConsoleConfig } from '@/lib/config/schema';
import type { Db } from '@/lib/store/db';
import type { NodeIngestStatus } from './ingester';

export function ingestionStatus(config: ConsoleConfig, db: Db, live: NodeIngestStatus[]): IngestionStatus[] {
  const byNode = new Map(live.map((s) => [s.node, s]));
  return config.nodes.map((n) => {
    const c = config.accounting.nodes[n.id];
    const l = byNode.get(n.id);
    const s = storedNodeStatus(db, n.id);
    return {
      node: n.id,
      source: c?.source ?? 'off',
      where: l?.where ?? (c?.source === 'dir' ? (c.dir ?? null) : c?.source === 'http' ? n.url : null),
      running: l?.running ?? false,
      currentFile: l?.follower.currentFile ?? s.lastFile?.file ?? null,
      currentOffset: l?.follower.currentOffset ?? s.lastFile?.offset ?? null,
      currentSize: l?.follower.currentSize ?? null,
      lagBytes: l?.lastPollAt ? l.follower.lagBytes : null,
      lastRecordAt: s.lastRecordAt,
      lastPollAt: l?.lastPollAt ?? null,
      lastError: l?.lastError ?? null,
      records: s.records,
      malformed: s.malformed,
      samples: s.samples,
      resets: l?.follower.resets ?? [],
      skipped: l?.follower.skipped ?? [],
    };
  });
}

/**
 * What a caller of `role` may see of the status. The text of malformed lines is whatever a
 * file held (in the worst case a secret a link pointed at), so only admins get it; others see
 * where and why a line was refused.
 */
export function ingestionStatusFor(role: Role, list: IngestionStatus[]): IngestionStatus[] {
  if (roleAtLeast(role, 'admin')) return list;
  return list.map((s) => ({ ...s, samples: s.samples.map((x) => ({ ...x, text: null })) }));
}
