// Pushes accounting records to an HTTP endpoint the way PowerMTA 5.0's `http-webhook-url`
// does (guide 5.0r5 §3.3.11.17–25): records are staged into batches, each batch is POSTed as
// the content of a staged CSV file (header line first), and re-posted until the endpoint
// answers 2xx. `duplicateEvery` re-posts every n-th batch once more after its success, as
// PowerMTA would after a reply lost on the way back, so receivers must be idempotent.

import { gzipSync } from 'node:zlib';
import type { AcctRecord, RecordType } from './columns';
import { HEADER_LINE, recordLine } from './csv';

export interface WebhookOptions {
  url: string;
  /** Record types pushed (default every type). */
  records?: readonly RecordType[];
  /** Extra request headers (`http-webhook-extra-headers`), e.g. `Authorization`. */
  headers?: Record<string, string>;
  /** `http-webhook-transfer-encoding gzip`. */
  gzip?: boolean;
  /** Every n-th batch is posted a second time after it succeeded (0 = never). */
  duplicateEvery?: number;
  /** Records per batch at most (PowerMTA: max-size); default 500. */
  maxRecords?: number;
}

export interface WebhookStats {
  batches: number;
  posts: number;
  retries: number;
  duplicates: number;
  pending: number;
  lastError: string | null;
}

export class WebhookPusher {
  private pending: string[] = [];
  private readonly queue: string[] = [];
  private running: Promise<void> | null = null;
  private readonly takes: ReadonlySet<string> | null;
  readonly written: Record<string, number> = {};
  readonly stats: WebhookStats = { batches: 0, posts: 0, retries: 0, duplicates: 0, pending: 0, lastError: null };
  private stopped = false;

  constructor(private readonly o: WebhookOptions) {
    this.takes = o.records ? new Set(o.records) : null;
  }

  takesType(type: string): boolean {
    return this.takes === null || this.takes.has(type);
  }

  write(record: AcctRecord): void {
    if (!this.takesType(record.type)) return;
    this.pending.push(recordLine(record));
    this.written[record.type] = (this.written[record.type] ?? 0) + 1;
  }

  /** Stages what was written into batches and starts posting them. */
  flush(): void {
    const max = this.o.maxRecords ?? 500;
    while (this.pending.length > 0) this.queue.push(HEADER_LINE + this.pending.splice(0, max).join(''));
    this.stats.pending = this.queue.length;
    if (this.queue.length > 0 && !this.running && !this.stopped) {
      this.running = this.drain().finally(() => {
        this.running = null;
        if (this.queue.length > 0 && !this.stopped) this.flush();
      });
    }
  }

  /** Resolves once every staged batch was accepted. */
  async idle(): Promise<void> {
    this.flush();
    while (this.running) await this.running;
  }

  stop(): void {
    this.stopped = true;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.stopped) {
      const batch = this.queue[0] as string;
      await this.postUntilAccepted(batch);
      this.stats.batches++;
      const every = this.o.duplicateEvery ?? 0;
      if (every > 0 && this.stats.batches % every === 0) {
        this.stats.duplicates++;
        await this.postUntilAccepted(batch);
      }
      this.queue.shift();
      this.stats.pending = this.queue.length;
    }
  }

  private async postUntilAccepted(batch: string): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      if (attempt > 0) {
        this.stats.retries++;
        await new Promise((r) => setTimeout(r, Math.min(1000, 25 * attempt)));
      }
      try {
        this.stats.posts++;
        const body = this.o.gzip ? gzipSync(batch) : Buffer.from(batch);
        const res = await fetch(this.o.url, {
          method: 'POST',
          headers: { 'Content-Type': 'text/csv', ...(this.o.gzip ? { 'Content-Encoding': 'gzip' } : {}), ...this.o.headers },
          body,
        });
        await res.arrayBuffer();
        if (res.ok) {
          this.stats.lastError = null;
          return;
        }
        this.stats.lastError = `HTTP ${res.status}`;
      } catch (e) {
        this.stats.lastError = (e as Error).message;
      }
    }
  }
}
