import 'server-only';
// The console's history: one store on the console's database (SQLite or PostgreSQL, as
// `store.kind` says), one sampler listening to the fleet, one maintenance timer. Built once by
// the composition root (lib/runtime), which injects where operator actions and delivered
// counts come from.
import type { ConsoleConfig } from '@/lib/config/schema';
import { retentionMs } from '@/lib/config/history-schema';
import type { ConsoleStore } from '@/lib/store/store';
import type { Fleet } from '@/lib/fleet/fleet';
import { SqliteHistoryStore } from './sqlite-store';
import { PgHistoryStore } from './pg-store';
import type { HistoryStore } from './store';
import { HistorySampler } from './sampler';
import { HistoryMaintenance } from './maintenance';
import type { HandlerContext } from './handlers';
import type { AnnotationSource, DeliveredSource, QueueLifetimeSource } from './sources';

export interface HistorySources {
  annotations?: AnnotationSource;
  delivered?: DeliveredSource;
  queueLifetime?: QueueLifetimeSource;
}

export interface History {
  config: ConsoleConfig;
  store: HistoryStore;
  sampler: HistorySampler;
  maintenance: HistoryMaintenance;
  gapMs: number;
  sources: HistorySources;
  /** What the /api/history* handlers need, at `now`. */
  context(now: number): HandlerContext;
  /** Record every poll of `fleet` and start background rollups; the returned function undoes it. */
  attach(fleet: Fleet): () => void;
  /** Every write started so far has finished (PostgreSQL; at once on SQLite). */
  idle(): Promise<void>;
}

export function createHistory(config: ConsoleConfig, consoleStore: ConsoleStore, sources: HistorySources = {}): History {
  const h = config.history;
  const pollIntervalMs = config.pollIntervalSeconds * 1000;
  const gapMs = h.gapIntervals * pollIntervalMs;
  const opts = { retention: retentionMs(h), pollIntervalMs, gapMs, delivered: sources.delivered };
  const store: HistoryStore = consoleStore.kind === 'postgres' ? new PgHistoryStore(consoleStore, opts) : new SqliteHistoryStore(consoleStore.db, opts);
  const sampler = new HistorySampler(store, { ...h, gapMs });
  const maintenance = new HistoryMaintenance(store, { intervalMs: h.maintenanceSeconds * 1000, pruneChunkRows: h.pruneChunkRows });
  return {
    config,
    store,
    sampler,
    maintenance,
    gapMs,
    sources,
    idle: async () => {
      await sampler.idle();
      await maintenance.idle();
    },
    context: (now) => ({ store, config, now, annotations: sources.annotations, queueLifetime: sources.queueLifetime }),
    attach(fleet) {
      const off = fleet.onPoll((o) => sampler.sampleInSteps(o.nodeId, o.snapshot, (step) => fleet.enqueue(step)));
      maintenance.start();
      return () => {
        off();
        maintenance.stop();
      };
    },
  };
}
