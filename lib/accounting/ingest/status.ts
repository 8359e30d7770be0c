import 'server-only';
// Ingestion status per configured node: the live ingesters' polling state per source (if this
// process runs them) merged with what the store has persisted (counters, samples, last offset).
// The node row sums its sources; `sources` has each one (files seen/skipped, webhook batches).
import { storedNodeStatus } from '@/lib/accounting/store/status';
import type { IngestionStatus, SourceIngestStatus } from '@/lib/accounting/store/types';
import { roleAtLeast, type Role } from '@/lib/auth/roles';
import { nodeSources } from '@/lib/config/accounting-schema';
import type { ConsoleConfig } from '@/lib/config/schema';
import type { AcctDb } from '@/lib/accounting/store/acct-db';
import type { NodeIngestStatus } from './ingester';
import type { WebhookStatus } from './webhook';

export interface LiveWebhookStatus {
  node: string;
  sourceId: string;
  status: WebhookStatus;
}

export async function ingestionStatus(
  config: ConsoleConfig,
  db: AcctDb,
  live: NodeIngestStatus[],
  webhooks: LiveWebhookStatus[] = [],
): Promise<IngestionStatus[]> {
  const byKey = new Map(live.map((s) => [`${s.node}\u0000${s.sourceId}`, s]));
  const hooks = new Map(webhooks.map((w) => [`${w.node}\u0000${w.sourceId}`, w.status]));
  const stored = await Promise.all(config.nodes.map((n) => storedNodeStatus(db, n.id)));
  return config.nodes.map((n, i) => {
    const s = stored[i] as Awaited<ReturnType<typeof storedNodeStatus>>;
    const sources: SourceIngestStatus[] = nodeSources(config.accounting.nodes[n.id]).map((c) => {
      const l = byKey.get(`${n.id}\u0000${c.id}`);
      if (c.kind === 'webhook') {
        const w = hooks.get(`${n.id}\u0000${c.id}`);
        return {
          id: c.id,
          kind: 'webhook',
          where: `/api/accounting/webhook/${n.id}`,
          pattern: null,
          running: w !== undefined,
          currentFile: null,
          currentOffset: null,
          currentSize: null,
          lagBytes: null,
          behind: false,
          lastPollAt: w?.lastBatchAt ?? null,
          lastError: w?.lastError ?? null,
          seen: [],
          skipped: [],
          skippedTotal: 0,
          resets: [],
          webhook: w ? { batches: w.batches, duplicates: w.duplicates, records: w.records, rejected: w.rejected, lastBatchAt: w.lastBatchAt } : null,
        };
      }
      return {
        id: c.id,
        kind: c.kind,
        where: l?.where ?? (c.kind === 'dir' ? c.dir : n.url),
        pattern: c.pattern,
        running: l?.running ?? false,
        currentFile: l?.follower.currentFile ?? null,
        currentOffset: l?.follower.currentOffset ?? null,
        currentSize: l?.follower.currentSize ?? null,
        lagBytes: l?.lastPollAt ? l.follower.lagBytes : null,
        behind: l?.follower.behind ?? false,
        lastPollAt: l?.lastPollAt ?? null,
        lastError: l?.lastError ?? null,
        seen: l?.follower.seen ?? [],
        skipped: l?.follower.skipped ?? [],
        skippedTotal: l?.follower.skippedTotal ?? 0,
        resets: l?.follower.resets ?? [],
        webhook: null,
      };
    });
    const files = sources.filter((x) => x.kind !== 'webhook');
    const first = files[0];
    const lags = files.map((x) => x.lagBytes).filter((x): x is number => x !== null);
    const polls = sources.map((x) => x.lastPollAt).filter((x): x is number => x !== null);
    return {
      node: n.id,
      source: sources.length === 0 ? 'off' : sources.length === 1 ? (sources[0] as SourceIngestStatus).kind : 'multiple',
      where: sources.length === 1 ? (sources[0] as SourceIngestStatus).where : sources.length > 1 ? `${sources.length} sources` : null,
      running: sources.some((x) => x.running),
      currentFile: first?.currentFile ?? (first ? (s.lastFile?.file ?? null) : null),
      currentOffset: first?.currentOffset ?? (first ? (s.lastFile?.offset ?? null) : null),
      currentSize: first?.currentSize ?? null,
      lagBytes: lags.length > 0 ? lags.reduce((a, b) => a + b, 0) : null,
      lastRecordAt: s.lastRecordAt,
      lastPollAt: polls.length > 0 ? Math.max(...polls) : null,
      lastError: sources.find((x) => x.lastError)?.lastError ?? null,
      records: s.records,
      malformed: s.malformed,
      samples: s.samples,
      resets: files.flatMap((x) => x.resets),
      skipped: files.flatMap((x) => x.skipped),
      sources,
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
