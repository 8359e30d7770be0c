import 'server-only';
import { readFileSync } from 'node:fs';
import { getConfig } from '@/lib/config/load';
import type { ConsoleConfig, NodeConfig } from '@/lib/config/schema';
import { createPmtaClient, type PmtaClient } from '@/lib/pmta/client';
import { getParsePool, type ParsePool } from './parse-pool';
import { NodePoller, type PollOutcome } from './node-poller';
import { BacklogHistory } from './backlog-history';
import { attachHistory } from '@/lib/history/service';
import { FleetBacklogSeries } from './fleet-backlog-series';
import type { QueueTable } from './queue-table';
import { lowerDomainRcp } from './queue-columns';

interface DomainSum {
  rcp: number;
  /** Nodes contributing to it; the entry goes when none is left. */
  nodes: number;
}

export interface FleetNode {
  config: NodeConfig;
  client: PmtaClient;
  poller: NodePoller;
}

/** Node facts that are safe to send to a browser: never the API key or TLS material. */
export interface PublicNodeInfo {
  id: string;
  name: string;
  /** host:port only. */
  address: string;
  tags: string[];
  hasApiKey: boolean;
}

export function publicNodeInfo(c: NodeConfig): PublicNodeInfo {
  const u = new URL(c.url);
  return { id: c.id, name: c.name ?? c.id, address: u.host, tags: c.tags, hasApiKey: Boolean(c.apiKey) };
}

export function clientFor(c: NodeConfig, cfg: Pick<ConsoleConfig, 'maxResponseBytes'>): PmtaClient {
  return createPmtaClient({
    url: c.url,
    apiKey: c.apiKey,
    tls: { insecure: c.tls.insecure, ca: c.tls.caFile ? readFileSync(/*turbopackIgnore: true*/ c.tls.caFile, 'utf8') : undefined },
    format: c.format,
    timeoutMs: c.timeoutMs,
    maxBytes: cfg.maxResponseBytes,
  });
}

export class Fleet {
  readonly nodes: FleetNode[];
  /** Recent backlog per domain and queue, fed by every poll that brought a queue list. */
  readonly history = new BacklogHistory();
  /** Fleet-wide backlog per domain at each poll (overview chart). */
  readonly backlogSeries: FleetBacklogSeries;
  private byId: Map<string, FleetNode>;
  /**
   * Fleet-wide rcp per lower-cased domain, kept up to date per node poll: subtracting a node's
   * previous contribution and adding its new one costs one node's domains, where summing every
   * node again costs all of them (5 nodes × 100k domains on every poll of any node). When a
   * node's domain names are unchanged since its last poll (the usual case) the update is plain
   * arithmetic on the sums it already points at. rcp are whole numbers, so sums stay exact.
   */
  private domainSums = new Map<string, DomainSum>();
  private nodeDomains = new Map<string, { names: string; rcp: Float64Array; sums: DomainSum[] }>();

  constructor(
    readonly config: ConsoleConfig,
    pool: ParsePool = getParsePool(),
    makeClient: (c: NodeConfig) => PmtaClient = (c) => clientFor(c, config),
  ) {
    const intervalMs = config.pollIntervalSeconds * 1000;
    // Nodes poll on their own timers: polls within half an interval make one chart point.
    this.backlogSeries = new FleetBacklogSeries(360, 50, intervalMs / 2);
    this.nodes = config.nodes.map((c) => {
      const client = makeClient(c);
      return { config: c, client, poller: new NodePoller(c.id, client, pool, intervalMs) };
    });
    this.byId = new Map(this.nodes.map((n) => [n.config.id, n]));
    // Record each queue list once, even when a failed poll re-announces the old one.
    const recorded = new Map<string, unknown>();
    this.onPoll((o) => {
      const t = o.snapshot.queues;
      const at = o.snapshot.queuesAt;
      if (t && at !== null && recorded.get(o.nodeId) !== t) {
        recorded.set(o.nodeId, t);
        // Each step walks every domain of a node (100k on a big one): run them as separate
        // macrotasks so requests and other polls get the event loop in between.
        this.afterPoll(() => this.updateDomainSums(o.nodeId, t));
        this.afterPoll(() => this.history.record(o.nodeId, at, t));
        this.afterPoll(() => this.backlogSeries.record(at, this.domainTotals()));
      }
    });
  }

  private recording: Promise<void> = Promise.resolve();

  /** Queue a step after the current one, on its own turn of the event loop. */
  private afterPoll(step: () => void): void {
    this.recording = this.recording.then(
      () =>
        new Promise<void>((resolve) =>
          setImmediate(() => {
            try {
              step();
            } catch (e) {
              console.error('[fleet] recording a poll failed:', e);
            }
            resolve();
          }),
        ),
    );
  }

  /** Resolves when history and backlog series have taken in every poll so far. */
  async recorded(): Promise<void> {
    let last: Promise<void>;
    do {
      last = this.recording;
      await last;
    } while (last !== this.recording);
  }

  /** Fleet-wide recipients per lower-cased domain from every node's latest queue list. */
  domainTotals(): { domain: string; rcp: number }[] {
    for (const n of this.nodes) {
      const t = n.poller.snapshot.queues;
      if (t && this.summed.get(n.config.id) !== t) this.updateDomainSums(n.config.id, t);
    }
    return Array.from(this.domainSums, ([domain, s]) => ({ domain, rcp: s.rcp }));
  }

  /** The table each node's contribution to domainSums comes from. */
  private summed = new Map<string, QueueTable>();

  private updateDomainSums(nodeId: string, table: QueueTable): void {
    if (this.summed.get(nodeId) === table) return;
    this.summed.set(nodeId, table);
    const next = table.columns.lowerDomainRcp ?? lowerDomainRcp(table.columns);
    const prev = this.nodeDomains.get(nodeId);
    if (prev && prev.names === next.names) {
      for (let k = 0; k < next.rcp.length; k++) prev.sums[k]!.rcp += next.rcp[k]! - prev.rcp[k]!;
      this.nodeDomains.set(nodeId, { names: next.names, rcp: next.rcp, sums: prev.sums });
      return;
    }
    if (prev) {
      const names = prev.names ? prev.names.split('\n') : [];
      for (let k = 0; k < names.length; k++) {
        const s = prev.sums[k]!;
        s.rcp -= prev.rcp[k]!;
        if (--s.nodes === 0) this.domainSums.delete(names[k]!);
      }
    }
    const names = next.names ? next.names.split('\n') : [];
    const sums: DomainSum[] = new Array(names.length);
    for (let k = 0; k < names.length; k++) {
      let s = this.domainSums.get(names[k]!);
      if (s) {
        s.rcp += next.rcp[k]!;
        s.nodes++;
      } else {
        s = { rcp: next.rcp[k]!, nodes: 1 };
        this.domainSums.set(names[k]!, s);
      }
      sums[k] = s;
    }
    this.nodeDomains.set(nodeId, { names: next.names, rcp: next.rcp, sums });
  }

  node(id: string): FleetNode | undefined {
    return this.byId.get(id);
  }

  start(): void {
    for (const n of this.nodes) n.poller.start();
  }

  stop(): void {
    for (const n of this.nodes) n.poller.stop();
  }

  onPoll(listener: (o: PollOutcome) => void): () => void {
    const offs = this.nodes.map((n) => n.poller.onPoll(listener));
    return () => offs.forEach((off) => off());
  }

  /** Poll every node now (joining polls already running); resolves when all have answered or failed. */
  async pollAll(): Promise<PollOutcome[]> {
    const outcomes = await Promise.all(this.nodes.map((n) => n.poller.pollNow()));
    await this.recorded();
    return outcomes;
  }
}

const g = globalThis as typeof globalThis & { __pmtaFleet?: Fleet };

/**
 * The server's one fleet: one poll loop per node for the whole process, never one per browser
 * request. Kept on globalThis so dev-mode module reloads don't start a second set of pollers.
 */
export function getFleet(): Fleet {
  if (!g.__pmtaFleet) {
    const fleet = new Fleet(getConfig());
    attachHistory(fleet); // history samples every poll (lib/history)
    fleet.start();
    g.__pmtaFleet = fleet;
  }
  return g.__pmtaFleet;
}

/** Tests only: make `getFleet()` return this fleet (or forget it with null). */
export function setFleetForTesting(fleet: Fleet | null): void {
  if (fleet) g.__pmtaFleet = fleet;
  else delete g.__pmtaFleet;
}
