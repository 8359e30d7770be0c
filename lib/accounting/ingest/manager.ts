import 'server-only';
import { serverLog } from '@/lib/log/logger';
// Builds one ingester per followed source (dir or http) of every node the `accounting`
// section enables, and one webhook receiver per node that has a webhook source, on the
// console's store. Each source keeps its own progress (by source id); all count into the
// same node aggregates, once.
// The running console's instance is built (and started) by the composition root, lib/runtime.
import { acctReady, type AcctDb } from '@/lib/accounting/store/acct-db';
import { openAcctWriter } from '@/lib/accounting/store/open-writer';
import { pruneMinuteRows, pruneWebhookBatches } from '@/lib/accounting/store/query';
import { nodeSources } from '@/lib/config/accounting-schema';
import type { ConsoleConfig } from '@/lib/config/schema';
import type { PmtaClient } from '@/lib/pmta/client';
import { createDirSource } from './dir-source';
import { createHttpSource } from './http-source';
import { NodeIngester, type NodeIngestStatus } from './ingester';
import type { FollowerOptions } from './follower';
import { AcctParsePool } from './parse-pool';
import { WebhookReceiver } from './webhook';

const DAY = 86_400_000;
const PRUNE_EVERY_MS = 15 * 60_000;
/** Counted webhook batch keys are kept this long (PowerMTA re-posts a failed batch well within). */
const WEBHOOK_KEYS_DAYS = 14;

export class AccountingIngest {
  readonly ingesters: NodeIngester[] = [];
  private readonly webhooks = new Map<string, WebhookReceiver>();
  private pruneTimer: NodeJS.Timeout | null = null;
  /** Parses and counts what the file followers read, off the server's thread (started on first use). */
  private pool: AcctParsePool | null = null;

  constructor(
    readonly config: ConsoleConfig,
    /** The console store (accounting's tables on either backend). */
    readonly store: AcctDb,
    clientFor: (nodeId: string) => PmtaClient | undefined,
    opts: FollowerOptions = {},
  ) {
    const acct = config.accounting;
    // The tables from start-up on (readiness counts the migrations); a failure surfaces there
    // and in the first query.
    acctReady(store).catch(() => {});
    const writer = openAcctWriter(store, { recentDiagnostics: acct.recentDiagnostics, malformedSamples: acct.malformedSamples });
    for (const n of config.nodes) {
      for (const c of nodeSources(acct.nodes[n.id])) {
        if (c.kind === 'webhook') {
          this.webhooks.set(n.id, new WebhookReceiver(n.id, c, writer));
          continue;
        }
        const client = c.kind === 'http' ? clientFor(n.id) : undefined;
        if (c.kind === 'http' && !client) continue;
        const source = c.kind === 'dir' ? createDirSource(c.dir, c.pattern) : createHttpSource(client as PmtaClient, c.pattern);
        const follow: FollowerOptions = {
          pool: (this.pool ??= new AcctParsePool()),
          settleMs: c.settleSeconds * 1000,
          readBytes: c.chunkBytes,
          maxBytesPerPoll: c.maxBytesPerPoll,
          startAt: c.startAt,
          sourceId: c.id,
        };
        this.ingesters.push(new NodeIngester(n.id, source, writer, c.pollSeconds * 1000, { ...follow, ...opts }));
      }
    }
  }

  /** Listen to every accounting slice of every node (after its records are stored). */
  onSlice(listener: (node: string) => void): () => void {
    const offs = this.ingesters.map((i) => i.onPolled(listener));
    return () => offs.forEach((off) => off());
  }

  start(): void {
    for (const i of this.ingesters) i.start();
    this.pruneLater();
    this.pruneTimer = setInterval(() => this.pruneLater(), PRUNE_EVERY_MS);
    this.pruneTimer.unref();
  }

  /** Follow one node's sources (with several replicas: while this one holds `acct:<node>`). */
  startNode(node: string): void {
    for (const i of this.ingesters) if (i.node === node) i.start();
  }

  stopNode(node: string): void {
    for (const i of this.ingesters) if (i.node === node) i.stop();
  }

  /** Nodes with followed sources (webhooks are pushed to whichever replica PowerMTA posts to). */
  followedNodes(): string[] {
    return [...new Set(this.ingesters.map((i) => i.node))];
  }

  stop(): void {
    for (const i of this.ingesters) i.stop();
    // A pass still reading finds the worker closed and reads on in its thread until it sees
    // the abort; the next start() spawns a fresh worker on first use.
    void this.pool?.close();
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    this.pruneTimer = null;
  }

  /** The retention pass in flight (stop's caller waits for it before the store closes). */
  private pruning: Promise<unknown> = Promise.resolve();

  private pruneLater(): void {
    this.pruning = this.pruning.then(() => this.prune());
  }

  /** Resolves once the last retention pass started has ended. */
  settled(): Promise<void> {
    return this.pruning.then(() => {});
  }

  /** Retention: minute rows age out first; long ranges keep working from the hourly rollups. */
  async prune(now = Date.now()): Promise<number> {
    const a = this.config.accounting;
    try {
      await pruneWebhookBatches(this.store, now - WEBHOOK_KEYS_DAYS * DAY);
      return await pruneMinuteRows(this.store, now - a.minuteRetentionDays * DAY, now - a.hourRetentionDays * DAY);
    } catch (e) {
      serverLog().error({ err: e }, '[accounting] pruning old aggregates failed');
      return 0;
    }
  }

  /** Some node has a source (followed files or a webhook): the store's counts are live. */
  hasSources(): boolean {
    return this.ingesters.length > 0 || this.webhooks.size > 0;
  }

  /** `node/source (kind)` of every source, for the start-up log (webhook-only nodes included). */
  describe(): string[] {
    return [
      ...this.ingesters.map((i) => `${i.node}/${i.status().sourceId} (${i.status().source})`),
      ...this.webhookStatus().map((h) => `${h.node}/${h.sourceId} (webhook)`),
    ];
  }

  pollAll(): Promise<void[]> {
    return Promise.all(this.ingesters.map((i) => i.pollNow()));
  }

  status(): NodeIngestStatus[] {
    return this.ingesters.map((i) => i.status());
  }

  /** The node's webhook receiver, if its config has a webhook source. */
  webhook(node: string): WebhookReceiver | undefined {
    return this.webhooks.get(node);
  }

  webhookStatus(): { node: string; sourceId: string; status: ReturnType<WebhookReceiver['status']> }[] {
    return [...this.webhooks.values()].map((w) => ({ node: w.node, sourceId: w.config.id, status: w.status() }));
  }
}
