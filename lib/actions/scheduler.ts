import 'server-only';
import { serverLog } from '@/lib/log/logger';
// Carries out the automatic resumes of time-boxed pauses. Every few seconds (and at once on
// start) it resumes what is due, as an audited action by `system (scheduled by <user>)`.
// The schedule lives in SQLite, so a resume due while the console was down runs as soon as
// it is back. A crash during a resume leaves the row pending and it runs again: resuming
// is idempotent.
import { executeAction, type ActionDeps } from './execute';
import type { ScheduledResume } from './types';

export interface SchedulerOptions {
  intervalMs?: number;
  /**
   * With several replicas: the other live replicas, whose in-flight audit rows are not
   * abandoned, and whether this one still holds `task:resumes` (checked before each resume).
   */
  cluster?: { liveOwners: () => string[]; holds: () => boolean };
}

export class ResumeScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly deps: ActionDeps,
    private readonly opts: SchedulerOptions = {},
  ) {}

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  start(): void {
    if (this.timer) return;
    void this.deps.audit.markAbandoned(this.now(), this.opts.cluster?.liveOwners() ?? []).then(
      (marked) => {
        if (marked) serverLog().warn({ marked }, "[actions] audit records left 'started' by a stopped console marked incomplete");
      },
      (err: unknown) => serverLog().error({ err }, '[actions] could not mark abandoned audit records'),
    );
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.opts.intervalMs ?? 5_000);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Resume everything due now; a tick already running is joined, never doubled. */
  tick(): Promise<void> {
    this.running ??= this.runDue().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runDue(): Promise<void> {
    let due: ScheduledResume[];
    try {
      due = await this.deps.resumes.due(this.now());
    } catch (err) {
      // The store is down (or closed by stop() mid-tick): the next tick tries again.
      serverLog().error({ err }, '[actions] could not read the due scheduled resumes');
      return;
    }
    for (const r of due) {
      if (this.opts.cluster && !this.opts.cluster.holds()) return; // another replica resumes from here
      try {
        await this.resume(r);
      } catch (e) {
        serverLog().error({ resume: r.id, pattern: r.pattern, err: e }, '[actions] scheduled resume failed');
        await this.deps.resumes.settle(r.id, 'failed', this.now());
      }
    }
  }

  private async resume(r: ScheduledResume): Promise<void> {
    // A node removed from the configuration since the pause cannot be resumed from here.
    const nodes = r.nodes.filter((id) => this.deps.fleet.node(id));
    if (!nodes.length) {
      serverLog().warn({ resume: r.id, nodes: r.nodes }, '[actions] scheduled resume: none of its nodes is configured any more');
      await this.deps.resumes.settle(r.id, 'failed', this.now());
      return;
    }
    await executeAction(this.deps, {
      action: 'resume',
      pattern: r.pattern,
      nodes,
      reason: `automatic end of the time-boxed pause (audit #${r.auditId})`,
      user: `system (scheduled by ${r.scheduledBy})`,
      clientAddress: 'scheduler',
      fromSchedule: r.id,
    });
  }
}
