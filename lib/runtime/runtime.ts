import 'server-only';
// The composition root: builds the console's parts once, in dependency order, and hands
// each the others it needs. Nothing else constructs them for the running server; route
// handlers, server components and the proxy read them from getRuntime() (./current.ts).
//
//   config → store → fleet → history → audit → actions → accounting → alerts
//
// history's annotations come from the audit log and its delivered counts from accounting;
// accounting reads over the fleet's clients; actions get the fleet, the audit log and the
// resume schedule. Building starts nothing: start() starts polling and the timers.
import type { ConsoleConfig, NodeConfig } from '@/lib/config/schema';
import type { PmtaClient } from '@/lib/pmta/client';
import { buildAuthSettings, type AuthSettings } from '@/lib/auth/settings';
import { newPeerStamp, type PeerStamp } from '@/lib/auth/peer-address';
import { openStore, type ConsoleStore } from '@/lib/store/store';
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
import { AlertService, type AlertServiceOptions } from '@/lib/alerts/service';

export interface Runtime {
  readonly config: ConsoleConfig;
  /** Users, session/CSRF keys, trusted-proxy matcher (derived from config + store location). */
  readonly auth: AuthSettings;
  /** This process's nonce for the peer-address stamp (lib/auth/peer-address.ts). */
  readonly peerStamp: PeerStamp;
  readonly store: ConsoleStore;
  readonly parsePool: ParsePool;
  readonly fleet: Fleet;
  /** Always queryable; it samples polls only when `history.enabled`. */
  readonly history: History;
  readonly audit: AuditLog;
  readonly actions: ActionDeps;
  readonly resumeScheduler: ResumeScheduler;
  readonly accounting: AccountingIngest;
  /** Rules evaluated after every poll and accounting slice; silences; notifications. */
  readonly alerts: AlertService;
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
  /** Log line sink for start-up messages (default console.log). */
  log?: (msg: string) => void;
}

export function createRuntime(config: ConsoleConfig, opts: RuntimeOptions = {}): Runtime {
  const log = opts.log ?? console.log;
  const auth = buildAuthSettings(config);
  const peerStamp = newPeerStamp();
  const store = openStore(config.store);
  const parsePool = opts.parsePool ?? new ParsePool();
  const makeClient = opts.makeClient ?? clientFor;
  const fleet = new Fleet(config, parsePool, (c) => makeClient(c, config));
  // Sources read parts built after history; they are only called once requests arrive.
  const history = createHistory(config, store.db, {
    annotations: (q) => audit.annotations(q),
    delivered: (q) => (accounting.ingesters.length ? deliveredPerBucket(store.db, q) : null),
  });
  const audit = new AuditLog(store.db);
  const actions: ActionDeps = { fleet, audit, resumes: new ScheduledResumes(store.db), now: opts.now };
  const resumeScheduler = new ResumeScheduler(actions);
  const accounting = new AccountingIngest(config, store.db, (id) => fleet.node(id)?.client, opts.follower);

  const alerts = new AlertService(config, store.db, fleet, accounting, audit, { now: opts.now, ...opts.alerts });

  let detachHistory: (() => void) | null = null;
  let started = false;
  return {
    config,
    auth,
    peerStamp,
    store,
    parsePool,
    fleet,
    history,
    audit,
    actions,
    resumeScheduler,
    accounting,
    alerts,
    start() {
      if (started) return;
      started = true;
      if (config.history.enabled) detachHistory = history.attach(fleet); // history samples every poll
      fleet.start();
      // Time-boxed pauses end on time even after a restart; stale 'started' audit rows → incomplete.
      resumeScheduler.start();
      // Bounce/FBL counts: follow each enabled node's accounting files from the stored offsets.
      accounting.start();
      alerts.start(); // listens to polls and slices: before the first poll answers
      if (accounting.ingesters.length) log(`[accounting] ingesting ${accounting.ingesters.map((i) => `${i.node} (${i.status().source})`).join(', ')}`);
      log(`[fleet] polling ${fleet.nodes.length} node(s) every ${config.pollIntervalSeconds}s: ${fleet.nodes.map((n) => n.config.id).join(', ')}`);
    },
    async stop() {
      started = false;
      alerts.stop();
      accounting.stop();
      resumeScheduler.stop();
      fleet.stop();
      detachHistory?.();
      detachHistory = null;
      await fleet.recorded();
      for (const n of fleet.nodes) n.client.close();
      if (!opts.parsePool) await parsePool.close();
      store.close();
    },
  };
}
