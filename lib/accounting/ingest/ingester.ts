import 'server-only';
// One node's ingestion loop: poll the source, read what is new, sleep, repeat. Errors (node
// down, directory missing, a 403 on /getFile) are kept for the status panel and retried on the
// next poll; nothing here can take the server down.
import type { AcctWriter } from '@/lib/accounting/store/acct-writer';
import { DEFAULT_SOURCE } from '@/lib/accounting/store/writer';
import { AcctFollower, type FollowerOptions, type FollowerStatus } from './follower';
import type { AcctSource } from './source';

export interface NodeIngestStatus {
  node: string;
  /** Source id within the node (config `sources[].id`, `default` for the single-source form). */
  sourceId: string;
  source: 'dir' | 'http';
  where: string;
  running: boolean;
  lastPollAt: number | null;
  lastPollMs: number | null;
  lastError: string | null;
  lastErrorAt: number | null;
  follower: FollowerStatus;
}

export class NodeIngester {
  private readonly follower: AcctFollower;
  private timer: NodeJS.Timeout | null = null;
  private abort: AbortController | null = null;
  private inFlight: Promise<void> | null = null;
  private st: Omit<NodeIngestStatus, 'follower'>;
  /** Called after every poll of the files (a slice ingested or not): the alert evaluator's hook. */
  private readonly listeners = new Set<(node: string) => void>();

  constructor(
    readonly node: string,
    private readonly source: AcctSource,
    writer: AcctWriter,
    private readonly pollMs: number,
    opts: FollowerOptions = {},
  ) {
    const sourceId = opts.sourceId ?? DEFAULT_SOURCE;
    this.follower = new AcctFollower(node, source, writer, () => writer.loadProgress(node, sourceId), opts);
    this.st = {
      node,
      sourceId,
      source: source.kind,
      where: source.where,
      running: false,
      lastPollAt: null,
      lastPollMs: null,
      lastError: null,
      lastErrorAt: null,
    };
  }

  start(): void {
    if (this.st.running) return;
    this.st.running = true;
    this.abort = new AbortController();
    this.schedule(0);
  }

  stop(): void {
    this.st.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.abort?.abort();
  }

  /** One poll now (joins one in flight). */
  pollNow(): Promise<void> {
    this.inFlight ??= this.pollOnce().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  onPolled(listener: (node: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): NodeIngestStatus {
    return { ...this.st, follower: this.follower.status() };
  }

  private async pollOnce(): Promise<void> {
    const started = Date.now();
    try {
      await this.follower.poll(this.abort?.signal);
      this.st.lastError = null;
    } catch (e) {
      if (this.abort?.signal.aborted) return;
      this.st.lastError = e instanceof Error ? e.message : String(e);
      this.st.lastErrorAt = Date.now();
    } finally {
      this.st.lastPollAt = Date.now();
      this.st.lastPollMs = Date.now() - started;
    }
    for (const l of this.listeners) {
      try {
        l(this.node);
      } catch (e) {
        console.error('[accounting] a slice listener failed:', e);
      }
    }
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => {
      void this.pollNow().then(() => {
        // A backlog longer than one poll's budget is read on right away, a poll at a time.
        if (this.st.running) this.schedule(this.follower.status().behind && !this.st.lastError ? 0 : this.pollMs);
      });
    }, ms);
    // The HTTP server keeps the process alive; an idle ingester must not.
    this.timer.unref();
  }
}
