import 'server-only';
// The composition root: builds the console's parts once, in dependency order, and hands
// each the others it needs. Nothing else constructs them for the running server; route
// handlers, server components and the proxy read them from getRuntime() (./current.ts).
//
//   config → store → fleet → history → audit → ledger → actions → accounting → alerts
//
// history's annotations come from the audit log and its delivered counts from accounting;
// accounting reads over the fleet's clients; actions get the fleet, the audit log and the
// resume schedule. Building starts nothing: start() starts polling and the timers.
import type { ConsoleConfig, NodeConfig } from '@/lib/config/schema';
import type { PmtaClient } from '@/lib/pmta/client';
import { buildAuthSettings, type AuthSettings } from '@/lib/auth/settings';
import { SessionRegistry } from '@/lib/auth/session-registry';
import { newPeerStamp, type PeerStamp } from '@/lib/auth/peer-address';
import { openStore, type ConsoleStore } from '@/lib/store/store';
import { StoreHealth } from '@/lib/store/health';
import { createLogger, type Logger } from '@/lib/log/logger';
import type { DestinationStream } from 'pino';
import { ParsePool } from '@/lib/fleet/parse-pool';
import { clientFor, Fleet } from '@/lib/fleet/fleet';
import { createHistory, type History } from '@/lib/history/service';
import { AuditLog } from '@/lib/audit/audit-log';
import type { ActionDeps } from '@/lib/actions/execute';
import { ScheduledResumes } from '@/lib/actions/scheduled-resumes';
import { ResumeScheduler } from '@/lib/actions/scheduler';
import { AccountingIngest } from '@/lib/accounting/ingest/manager';
import type { FollowerOptions } from '@/lib/accounting/ingest/follower';
import { deliveredPerBucket } from '@/lib/accounting/store/delivered';
import { ActionLedger } from '@/lib/ledger/ledger';
import { ToolboxReads } from '@/lib/toolbox/reads';
import { parseDurationSeconds } from '@/lib/config/duration';
import { ChangeFeed } from '@/lib/events/change-feed';
import { attachChangeSources } from '@/lib/events/sources';
import { AlertService, type AlertServiceOptions } from '@/lib/alerts/service';
import { ResponseCache } from '@/lib/api/response-cache';
import { Cluster, TASK_ALERTS, TASK_RESUMES, acctKey, defaultReplicaId } from '@/lib/cluster/cluster';
import { LeaseStore } from '@/lib/cluster/leases';
import { MirrorPoller, type MirrorTarget } from '@/lib/cluster/mirror';
import { internalSecret } from '@/lib/config/cluster-schema';

export interface Runtime {
  readonly config: ConsoleConfig;
  /** The one logger (JSON lines, level from `log.level`, secrets redacted). */
  readonly log: Logger;
  /** Users, session/CSRF keys, trusted-proxy matcher (derived from config + store location). */
  readonly auth: AuthSettings;
  /** This process's nonce for the peer-address stamp (lib/auth/peer-address.ts). */
  readonly peerStamp: PeerStamp;
  readonly store: ConsoleStore;
  /** Whether the store still works (probed every STORE_PROBE_MS once started). */
  readonly storeHealth: StoreHealth;
  readonly parsePool: ParsePool;
  readonly fleet: Fleet;
  /** Always queryable; it samples polls only when `history.enabled`. */
  readonly history: History;
  readonly audit: AuditLog;
  readonly actions: ActionDeps;
  /** What the console set and still intends, compared with the live state on every poll. */
  readonly ledger: ActionLedger;
  /** On-demand `show settings` / `show license` / `/jobs`, with their short caches. */
  readonly toolbox: ToolboxReads;
  readonly resumeScheduler: ResumeScheduler;
  readonly accounting: AccountingIngest;
  /** True between start() and stop(): the pollers, scheduler and probes run. */
  readonly started: boolean;
  /** Rules evaluated after every poll and accounting slice; silences; notifications. */
  readonly alerts: AlertService;
  /** Serialised answers of the polled fleet reads, per ETag (lib/api/route.ts). */
  readonly responses: ResponseCache;
  /** This replica's leases: which nodes it polls, which exactly-once tasks it runs (lib/cluster). */
  readonly cluster: Cluster;
  /** What changed, for GET /api/events (lib/events): pages refetch on it instead of polling. */
  readonly events: ChangeFeed;
  /** Start polling, history sampling and maintenance, the resume scheduler and accounting. */
  start(): void;
  /** Stop everything start() started, close the nodes' clients, the parse worker and the store. */
  stop(): Promise<void>;
}

export interface RuntimeOptions {
  /** Build the node clients differently (tests count the commands they send). */
  makeClient?: (c: NodeConfig, config: ConsoleConfig) => PmtaClient;
  /** Share a parse worker between runtimes (benchmarks); the runtime then does not close it. */
  parsePool?: ParsePool;
  /** Clock for audit times and schedules. */
  now?: () => number;
  /** Accounting follower tuning (tests). */
  follower?: FollowerOptions;
  /** Alert delivery tuning (tests: short retry backoff). */
  alerts?: AlertServiceOptions;
  /** Log line sink for start-up messages (default: the logger, at info). */
  log?: (msg: string) => void;
  /** Where the logger writes (default stdout; tests capture it). */
  logDestination?: DestinationStream;
}

/** How often a running console checks that its store still takes writes. */
export const STORE_PROBE_MS = 5_000;

export function createRuntime(config: ConsoleConfig, opts: RuntimeOptions = {}): Runtime {
  const logger = createLogger(config.log.level, opts.logDestination);
  const log = opts.log ?? ((msg: string) => logger.info(msg));
  // The store first: a store path that cannot be prepared stops start-up with its own message
  // (StoreOpenError naming store.path) before the session secret beside it is looked for.
  const store = openStore(config.store);
  const auth = buildAuthSettings(config, new SessionRegistry(store, config.auth.idleTimeoutMinutes * 60_000));
  const peerStamp = newPeerStamp();
  const storeHealth = new StoreHealth(store);
  const parsePool = opts.parsePool ?? new ParsePool();
  const makeClient = opts.makeClient ?? clientFor;
  const fleet = new Fleet(config, parsePool, (c) => makeClient(c, config));
  // Sources read parts built after history; they are only called once requests arrive.
  const history = createHistory(config, store, {
    // Both read through the store's query builder on either backend.
    annotations: (q) => audit.annotations(q),
    delivered: (q) => (accounting.hasSources() ? deliveredPerBucket(store, q) : null),
    queueLifetime: (node, queue) => {
      const v = toolbox.knownSetting(node, queue, 'bounce-after');
      return v === null ? null : parseDurationSeconds(v);
    },
  });
  // Leases: shared through the store with `cluster.enabled`, else every lease is local.
  const cc = config.cluster;
  const cluster = new Cluster(cc.enabled ? new LeaseStore(store) : null, {
    replicaId: cc.replicaId ?? defaultReplicaId(),
    shared: cc.enabled,
    heartbeatMs: (cc.heartbeatSeconds ?? config.pollIntervalSeconds / 4) * 1000,
    pollIntervalMs: config.pollIntervalSeconds * 1000,
    url: cc.internalUrl ?? null,
    nodes: config.nodes.map((n) => n.id),
    accountingNodes: [],
    now: opts.now,
  });
  const audit = new AuditLog(store, cluster.replicaId);
  const ledger = new ActionLedger(store, fleet, opts.now);
  const toolbox = new ToolboxReads(fleet, opts.now);
  const actions: ActionDeps = { fleet, audit, resumes: new ScheduledResumes(store), now: opts.now, onExecuted: (e) => ledger.record(e), storeHealth };
  const resumeScheduler = new ResumeScheduler(
    actions,
    cluster.shared
      ? {
          cluster: {
            liveOwners: () => cluster.status().replicas.map((r) => r.id),
            holds: () => cluster.holds(TASK_RESUMES),
          },
        }
      : {},
  );
  const accounting = new AccountingIngest(config, store, (id) => fleet.node(id)?.client, opts.follower);
  cluster.setAccountingNodes(accounting.followedNodes());

  const alerts = new AlertService(config, store, fleet, accounting, audit, {
    now: opts.now,
    ...(cluster.shared ? { scope: { node: (id) => cluster.holds(id), fleetWide: () => cluster.holds(TASK_ALERTS) } } : {}),
    ...opts.alerts,
  });
  // A node's lease is released for the moment its next poll was due, so its next owner does
  // not poll it again within the same interval.
  const intervalMs = config.pollIntervalSeconds * 1000;
  cluster.releaseAt = (key) => {
    const at = fleet.node(key)?.poller.lastStartedAt;
    return at == null ? Date.now() : at + intervalMs;
  };
  fleet.revisionExtra = () => cluster.revision();
  const leaseOffs: (() => void)[] = [];
  if (cluster.shared) {
    for (const n of fleet.nodes) {
      const id = n.config.id;
      n.poller.polledElsewhere = true; // until this replica's lease is granted
      leaseOffs.push(
        cluster.on(id, (held, generation) => {
          n.poller.polledElsewhere = !held;
          if (held) {
            n.poller.setFence(
              () => cluster.fence.current(id, generation),
              () => cluster.mayPoll(id),
            );
            fleet.startNode(id);
          } else fleet.stopNode(id);
        }),
        cluster.on(acctKey(id), (held) => (held ? accounting.startNode(id) : accounting.stopNode(id))),
      );
    }
    leaseOffs.push(cluster.on(TASK_RESUMES, (held) => (held ? resumeScheduler.start() : resumeScheduler.stop())));
  }
  // Any replica answers for every node: the nodes another replica polls come from that replica
  // over the internal channel (lib/cluster/mirror.ts), installed into this fleet as mirrored
  // snapshots, so every read model works unchanged. A node whose owner has no internal URL in
  // its heartbeat row (or no secret is set) stays "no data" here, and its age says so.
  const mirror = cluster.shared
    ? new MirrorPoller({
        fleet,
        intervalMs,
        secret: () => internalSecret(config.cluster),
        targets: () => mirrorTargets(cluster, fleet),
      })
    : null;

  let detachHistory: (() => void) | null = null;
  let detachEvents: (() => void) | null = null;
  const events = new ChangeFeed();
  let probeTimer: ReturnType<typeof setInterval> | null = null;
  let started = false;
  // Poll outcomes per node: failures always, every poll at debug.
  const pollLog = fleet.nodes.map((n) =>
    n.poller.onPoll((o) => {
      const h = n.poller.health();
      const line = { node: o.nodeId, ok: o.ok, ms: Math.round(o.ms), health: h.state };
      if (o.ok) logger.debug(line, 'poll');
      else logger.warn({ ...line, reason: h.reason, error: h.message ?? null }, 'poll failed');
    }),
  );

  return {
    config,
    log: logger,
    auth,
    peerStamp,
    store,
    storeHealth,
    parsePool,
    fleet,
    history,
    audit,
    actions,
    ledger,
    toolbox,
    resumeScheduler,
    accounting,
    get started() {
      return started;
    },
    alerts,
    responses: new ResponseCache(),
    cluster,
    events,
    start() {
      if (started) return;
      started = true;
      probeTimer = setInterval(() => {
        const was = storeHealth.current.ok;
        void storeHealth.probe().then((now) => {
          if (now.ok !== was) log(now.ok ? `[store] ${store.location}: available again` : `[store] ${store.location}: unavailable: ${now.error}`);
        });
      }, STORE_PROBE_MS);
      probeTimer.unref();
      if (config.history.enabled) detachHistory = history.attach(fleet); // history samples every poll
      ledger.attach(); // before the first poll: drift is looked for on every one
      alerts.start(); // listens to polls and slices: before the first poll answers
      // After the listeners above: a poll's event waits for the steps the listeners above queue for it.
      detachEvents = attachChangeSources(events, { fleet, alerts, audit, storeHealth });
      if (cluster.shared) {
        // Polls, resumes and accounting start per lease, as the heartbeats grant them.
        cluster.start();
        mirror?.start();
        log(`[cluster] replica ${cluster.replicaId}: leases shared through the store, heartbeat every ${cluster.heartbeatMs} ms`);
      } else {
        cluster.start(); // every lease local
        fleet.start();
        // Time-boxed pauses end on time even after a restart; stale 'started' audit rows → incomplete.
        resumeScheduler.start();
        // Bounce/FBL counts: follow each enabled node's accounting files from the stored offsets.
        accounting.start();
      }
      if (accounting.hasSources()) log(`[accounting] ingesting ${accounting.describe().join(', ')}`);
      log(`[fleet] polling ${fleet.nodes.length} node(s) every ${config.pollIntervalSeconds}s: ${fleet.nodes.map((n) => n.config.id).join(', ')}`);
    },
    async stop() {
      started = false;
      const clusterStopped = cluster.stop(); // gives the leases up (or lets them lapse)
      mirror?.stop();
      const alertsStopped = alerts.stop();
      detachEvents?.();
      detachEvents = null;
      events.close(); // open streams end; their browsers reconnect (to a reloaded runtime)
      if (probeTimer) clearInterval(probeTimer);
      probeTimer = null;
      accounting.stop();
      resumeScheduler.stop();
      ledger.detach();
      fleet.stop();
      detachHistory?.();
      detachHistory = null;
      await fleet.recorded();
      await history.idle(); // PostgreSQL writes and maintenance in flight, before the pool closes
      for (const n of fleet.nodes) n.client.close();
      if (!opts.parsePool) await parsePool.close();
      for (const off of pollLog) off();
      await clusterStopped;
      for (const off of leaseOffs) off();
      // The alert service's and the ledger's last writes first (an async write must not meet a closed store).
      await alertsStopped;
      await ledger.settled();
      await accounting.settled(); // a retention pass in flight
      await store.close();
    },
  };
}

/** The nodes another live replica polls, with that replica's internal URL (from its heartbeat). */
function mirrorTargets(cluster: Cluster, fleet: Fleet): MirrorTarget[] {
  const urls = new Map(cluster.status().replicas.map((r) => [r.id, r.url]));
  const out: MirrorTarget[] = [];
  for (const [nodeId, o] of cluster.owners()) {
    // This replica's own lease decides, not the table as last read: a node it polls is never
    // mirrored over its own data, however stale the table is.
    const ownerBaseUrl = o.self ? null : urls.get(o.replica);
    if (ownerBaseUrl && fleet.node(nodeId)?.poller.polledElsewhere) out.push({ nodeId, ownerBaseUrl, polledBy: o.replica });
  }
  return out;
}
