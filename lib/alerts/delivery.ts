import 'server-only';
// Delivery off the poll path: one queue per receiver target, each drained by its own loop, so a
// receiver that is down or slow never holds up polling or another receiver. Failed sends are
// retried with exponential backoff; queues and the attempt log are bounded in memory.

export interface DeliveryAttempt {
  at: number;
  receiver: string;
  target: string;
  attempt: number;
  ok: boolean;
  detail: string;
  alerts: number;
}

interface Job {
  alerts: number;
  attempt: number;
  run: () => Promise<string>;
}

const MAX_QUEUE = 200;
const MAX_LOG = 300;
const MAX_ATTEMPTS = 30;

export interface DeliveryOptions {
  /** First retry delay; doubles per attempt up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

export class Delivery {
  private queues = new Map<string, { receiver: string; jobs: Job[]; busy: boolean; timer: NodeJS.Timeout | null }>();
  private log: DeliveryAttempt[] = [];
  private stopped = false;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;

  constructor(opts: DeliveryOptions = {}) {
    this.backoffMs = opts.backoffMs ?? 2_000;
    this.maxBackoffMs = opts.maxBackoffMs ?? 300_000;
  }

  enqueue(receiver: string, target: string, alerts: number, run: () => Promise<string>): void {
    if (this.stopped) return;
    const id = `${receiver}\u0000${target}`;
    let q = this.queues.get(id);
    if (!q) this.queues.set(id, (q = { receiver, jobs: [], busy: false, timer: null }));
    q.jobs.push({ alerts, attempt: 0, run });
    if (q.jobs.length > MAX_QUEUE) {
      const dropped = q.jobs.splice(0, q.jobs.length - MAX_QUEUE);
      this.record({
        at: Date.now(),
        receiver,
        target,
        attempt: 0,
        ok: false,
        detail: `dropped ${dropped.length} queued notification(s): queue full`,
        alerts: dropped.reduce((s, j) => s + j.alerts, 0),
      });
    }
    if (!q.busy && !q.timer) void this.drain(id);
  }

  attempts(): DeliveryAttempt[] {
    return [...this.log].reverse();
  }

  /** Queued notifications per receiver (for the page). */
  pending(): Map<string, number> {
    const m = new Map<string, number>();
    for (const q of this.queues.values()) m.set(q.receiver, (m.get(q.receiver) ?? 0) + q.jobs.length);
    return m;
  }

  /** Resolves when every queue is empty or waiting for a retry (tests). */
  async idle(): Promise<void> {
    while ([...this.queues.values()].some((q) => q.busy)) await new Promise((r) => setTimeout(r, 10));
  }

  stop(): void {
    this.stopped = true;
    for (const q of this.queues.values()) if (q.timer) clearTimeout(q.timer);
    this.queues.clear();
  }

  private record(a: DeliveryAttempt): void {
    this.log.push(a);
    if (this.log.length > MAX_LOG) this.log.splice(0, this.log.length - MAX_LOG);
  }

  private async drain(id: string): Promise<void> {
    const q = this.queues.get(id);
    if (!q || q.busy) return;
    q.busy = true;
    q.timer = null;
    const target = id.split('\u0000')[1]!;
    try {
      while (!this.stopped && q.jobs.length) {
        const job = q.jobs[0]!;
        job.attempt++;
        try {
          const detail = await job.run();
          this.record({ at: Date.now(), receiver: q.receiver, target, attempt: job.attempt, ok: true, detail, alerts: job.alerts });
          q.jobs.shift();
        } catch (e) {
          const msg = e instanceof Error ? (e.cause instanceof Error ? `${e.message}: ${e.cause.message}` : e.message) : String(e);
          this.record({ at: Date.now(), receiver: q.receiver, target, attempt: job.attempt, ok: false, detail: msg.slice(0, 300), alerts: job.alerts });
          if (job.attempt >= MAX_ATTEMPTS) {
            q.jobs.shift();
            continue;
          }
          const wait = Math.min(this.maxBackoffMs, this.backoffMs * 2 ** (job.attempt - 1));
          if (this.stopped) return;
          q.timer = setTimeout(() => void this.drain(id), wait);
          q.timer.unref();
          return;
        }
      }
    } finally {
      q.busy = false;
    }
  }
}
