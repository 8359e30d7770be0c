import 'server-only';
// Builds one ingester per node the `accounting` section enables, on the console's store.
// The running console's instance is built (and started) by the composition root, lib/runtime.
import { pruneMinuteRows } from '@/lib/accounting/store/query';
import { AcctStoreWriter } from '@/lib/accounting/store/writer';
import type { ConsoleConfig } from '@/lib/config/schema';
import type { PmtaClient } from '@/lib/pmta/client';
import type { Db } from '@/lib/store/db';
import { createDirSource } from './dir-source';
import { createHttpSource } from './http-source';
import { NodeIngester, type NodeIngestStatus } from './ingester';
import type { FollowerOptions } from './follower';

const DAY = 86_400_000;
const PRUNE_EVERY_MS = 15 * 60_000;

export class AccountingIngest {
  readonly ingesters: NodeIngester[] = [];
  private pruneTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly config: ConsoleConfig,
    readonly db: Db,
    clientFor: (nodeId: string) => PmtaClient | undefined,
    opts: FollowerOptions = {},
  ) {
    const acct = config.accounting;
    const writer = new AcctStoreWriter(db, { recentDiagnostics: acct.recentDiagnostics, malformedSamples: acct.malformedSamples });
    for (const n of config.nodes) {
      const c = acct.nodes[n.id];
      if (!c || c.source === 'off') continue;
      const client = c.source === 'http' ? clientFor(n.id) : undefined;
      if (c.source === 'http' && !client) continue;
      const source = c.source === 'dir' ? createDirSource(c.dir as string, c.pattern) : createHttpSource(client as PmtaClient, c.pattern);
      this.ingesters.push(new NodeIngester(n.id, source, writer, db, c.pollSeconds * 1000, { settleMs: c.settleSeconds * 1000, ...opts }));
    }
  }

  /** Listen to every accounting slice of every node (after its records are stored). */
  onSlice(listener: (node: string) => void): () => void {
    const offs = this.ingesters.map((i) => i.onPolled(listener));
    return () => offs.forEach((off) => off());
  }

  start(): void {
    for (const i of this.ingesters) i.start();
    this.prune();
    this.pruneTimer = setInterval(() => this.prune(), PRUNE_EVERY_MS);
    this.pruneTimer.unref();
  }

  stop(): void {
    for (const i of this.ingesters) i.stop();
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    this.pruneTimer = null;
  }

  /** Retention: minute rows age out first; long ranges keep working from the hourly rollups. */
  prune(now = Date.now()): number {
    const a = this.config.accounting;
    try {
      return pruneMinuteRows(this.db, now - a.minuteRetentionDays * DAY, now - a.hourRetentionDays * DAY);
    } catch (e) {
      console.error('[accounting] pruning old aggregates failed:', e);
      return 0;
    }
  }

  pollAll(): Promise<void[]> {
    return Promise.all(this.ingesters.map((i) => i.pollNow()));
  }

  status(): NodeIngestStatus[] {
    return this.ingesters.map((i) => i.status());
  }
}
