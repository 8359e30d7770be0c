import 'server-only';
// The process-wide history: one store on the console's SQLite file, one sampler listening to
// the fleet, one maintenance timer. Kept on globalThis so dev-mode reloads don't add listeners.
import type { ConsoleConfig } from '@/lib/config/schema';
import { retentionMs } from '@/lib/config/history-schema';
import { getConfig } from '@/lib/config/load';
import { sharedDatabase } from '@/lib/store/db';
import type { Fleet } from '@/lib/fleet/fleet';
import { SqliteHistoryStore } from './sqlite-store';
import { HistorySampler } from './sampler';
import { HistoryMaintenance } from './maintenance';

export interface History {
  config: ConsoleConfig;
  store: SqliteHistoryStore;
  sampler: HistorySampler;
  maintenance: HistoryMaintenance;
  gapMs: number;
}

export function createHistory(config: ConsoleConfig, file = config.store.path): History {
  const h = config.history;
  const pollIntervalMs = config.pollIntervalSeconds * 1000;
  const gapMs = h.gapIntervals * pollIntervalMs;
  const store = new SqliteHistoryStore(sharedDatabase(file), { retention: retentionMs(h), pollIntervalMs, gapMs });
  const sampler = new HistorySampler(store, { ...h, gapMs });
  const maintenance = new HistoryMaintenance(store, { intervalMs: h.maintenanceSeconds * 1000, pruneChunkRows: h.pruneChunkRows });
  return { config, store, sampler, maintenance, gapMs };
}

const g = globalThis as typeof globalThis & { __pmtaHistory?: History; __pmtaHistoryAttached?: WeakSet<Fleet> };

export function getHistory(): History {
  g.__pmtaHistory ??= createHistory(getConfig());
  return g.__pmtaHistory;
}

/** Tests: use this history instead of one built from the config file (undefined = reset). */
export function setHistoryForTesting(h: History | undefined): void {
  g.__pmtaHistory = h;
}

/** Record every poll of this fleet and start background rollups. Never breaks the fleet. */
export function attachHistory(fleet: Fleet): void {
  if (!fleet.config.history.enabled) return;
  g.__pmtaHistoryAttached ??= new WeakSet();
  if (g.__pmtaHistoryAttached.has(fleet)) return;
  try {
    g.__pmtaHistory ??= createHistory(fleet.config);
    const h = g.__pmtaHistory;
    fleet.onPoll((o) => h.sampler.sampleInSteps(o.nodeId, o.snapshot, (step) => fleet.enqueue(step)));
    h.maintenance.start();
    g.__pmtaHistoryAttached.add(fleet);
  } catch (e) {
    console.error('[history] disabled: could not open the history store:', e);
  }
}
