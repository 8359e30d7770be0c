import 'server-only';
// The console's history: one store on the console's database, one sampler listening to the
// fleet, one maintenance timer. Built once by the composition root (lib/runtime), which
// injects where operator actions and delivered counts come from.
import type { ConsoleConfig } from '@/lib/config/schema';
import { retentionMs } from '@/lib/config/history-schema';
import type { Db } from '@/lib/store/db';
import type { Fleet } from '@/lib/fleet/fleet';
import { SqliteHistoryStore } from './sqlite-store';
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
  store: SqliteHistoryStore;
  sampler: HistorySampler;
  maintenance: HistoryMaintenance;
  gapMs: number;
  sources: HistorySources;
  /** What the /api/history* handlers need, at `now`. */
  context(now: number): HandlerContext;
  /** Record every poll of `fleet` and start background rollups; the returned function undoes it. */
  attach(fleet: Fleet): () => void;
}

export function createHistory(config: ConsoleConfig, db: Db, sources: HistorySources = {}): History {
  const h = config.history;
  const pollIntervalMs = config.pollIntervalSeconds * 1000;
  const gapMs = h.gapIntervals * pollIntervalMs;
  const store = new SqliteHistoryStore(db, { retention: retentionMs(h), pollIntervalMs, gapMs, delivered: sources.delivered });
  const sampler = new HistorySampler(store, { ...h, gapMs });
  const maintenance = new HistoryMaintenance(store, { intervalMs: h.maintenanceSeconds * 1000, pruneChunkRows: h.pruneChunkRows });
  return {
    config,
    store,
    sampler,
    maintenance,
    gapMs,
    sources,
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
