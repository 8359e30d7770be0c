import 'server-only';
import { serverLog } from '@/lib/log/logger';
// Rollups and pruning in the background. better-sqlite3 runs on the main thread, so "not
// blocking polls" means: never one long statement. Each rollup step covers a bounded number of
// buckets and each prune deletes a bounded number of rows; between steps the event loop runs,
// so a poll that arrives meanwhile writes after at most one short step.
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { HistoryStore } from './store';

export interface MaintenanceOptions {
  intervalMs: number;
  pruneChunkRows: number;
  now?: () => number;
}

export interface MaintenanceRun {
  rolledRows: number;
  prunedRows: number;
  steps: number;
  /** Longest single blocking step, ms (what a poll could have waited). */
  longestStepMs: number;
}

export class HistoryMaintenance {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<MaintenanceRun> | null = null;

  constructor(
    private readonly store: HistoryStore,
    private readonly opts: MaintenanceOptions,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(
      () => void this.runOnce().catch((e: unknown) => serverLog().error({ err: e }, '[history] maintenance failed')),
      this.opts.intervalMs,
    );
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The pass running now (if any) has ended, however it ended. */
  async idle(): Promise<void> {
    await this.running?.catch(() => {});
  }

  /** One full pass (joins a pass already running). */
  runOnce(): Promise<MaintenanceRun> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<MaintenanceRun> {
    const now = (this.opts.now ?? Date.now)();
    const run: MaintenanceRun = { rolledRows: 0, prunedRows: 0, steps: 0, longestStepMs: 0 };
    // A synchronous step (SQLite) is what a poll could wait for; an awaited one (PostgreSQL)
    // measures its round trips, the event loop runs meanwhile.
    const step = async <T>(fn: () => T | Promise<T>): Promise<T> => {
      const t = performance.now();
      const out = await fn();
      run.longestStepMs = Math.max(run.longestStepMs, performance.now() - t);
      run.steps++;
      return out;
    };
    if (this.store.prepareAhead) await step(() => this.store.prepareAhead!(now));
    for (;;) {
      const r = await step(() => this.store.rollup(now));
      run.rolledRows += r.minute + r.hour;
      if (!r.more) break;
      await yieldToLoop();
    }
    for (;;) {
      const n = await step(() => this.store.prune(now, this.opts.pruneChunkRows));
      run.prunedRows += n;
      if (!n) break;
      await yieldToLoop();
    }
    return run;
  }
}
