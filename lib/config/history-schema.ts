// The `history:` section: how long the console keeps its own time series, and how much of
// each poll it writes. Defaults keep a day of raw samples, a week of 1-minute and a quarter of
// 1-hour rollups, which is what ops teams usually configure in Munin/Zabbix for mail relays.
import { z } from 'zod';
import { parseDurationSeconds } from './duration';

const duration = z.string().refine((s) => parseDurationSeconds(s) !== null, 'a duration like "24h", "7d" or "90d"');

const HISTORY_DEFAULTS = {
  enabled: true,
  retention: { raw: '24h', minute: '7d', hour: '90d' },
  /** Per node and poll: domains with a backlog, largest first; the rest become one `(other)` row. */
  topDomainsPerNode: 500,
  /** Per node and poll: per-queue (domain × vMTA) rows for the largest domains and every domain in backoff. */
  queueSeriesDomains: 50,
  maxQueueRowsPerNode: 2000,
  /** A silence longer than this many poll intervals breaks chart lines instead of bridging them. */
  gapIntervals: 3,
  /** How often rollups and pruning run, and how much each blocking slice may delete. */
  maintenanceSeconds: 60,
  pruneChunkRows: 5000,
  /** Backlog slope window for drain ETA. */
  drainWindowMinutes: 10,
};

export const historySchema = z
  .object({
    enabled: z.boolean().default(HISTORY_DEFAULTS.enabled),
    retention: z
      .object({
        raw: duration.default(HISTORY_DEFAULTS.retention.raw),
        minute: duration.default(HISTORY_DEFAULTS.retention.minute),
        hour: duration.default(HISTORY_DEFAULTS.retention.hour),
      })
      .strict()
      .prefault({}),
    topDomainsPerNode: z.number().int().min(1).max(100_000).default(HISTORY_DEFAULTS.topDomainsPerNode),
    queueSeriesDomains: z.number().int().min(0).max(10_000).default(HISTORY_DEFAULTS.queueSeriesDomains),
    maxQueueRowsPerNode: z.number().int().min(0).max(1_000_000).default(HISTORY_DEFAULTS.maxQueueRowsPerNode),
    gapIntervals: z.number().min(1.5).max(100).default(HISTORY_DEFAULTS.gapIntervals),
    maintenanceSeconds: z.number().int().min(5).max(3600).default(HISTORY_DEFAULTS.maintenanceSeconds),
    pruneChunkRows: z.number().int().min(100).max(1_000_000).default(HISTORY_DEFAULTS.pruneChunkRows),
    drainWindowMinutes: z.number().min(1).max(240).default(HISTORY_DEFAULTS.drainWindowMinutes),
  })
  .strict()
  .prefault({});

export type HistoryConfig = z.infer<typeof historySchema>;

/** Retention in milliseconds per tier. */
export function retentionMs(h: HistoryConfig): { raw: number; minute: number; hour: number } {
  const ms = (s: string) => (parseDurationSeconds(s) ?? 0) * 1000;
  return { raw: ms(h.retention.raw), minute: ms(h.retention.minute), hour: ms(h.retention.hour) };
}
