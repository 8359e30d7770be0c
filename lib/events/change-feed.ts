import 'server-only';
// The change feed behind GET /api/events: which kind of data a page shows has changed, and its
// new version — never the data (a page refetches through its ETag'd routes). One per runtime
// (lib/runtime), fed by lib/events/sources.ts. Subscribers are bounded per process: each one is
// an open connection, and past the bound the route answers 503 (pages then keep polling).
import { CHANGE_KINDS, type ChangeEvent, type ChangeKind } from './kinds';

export const DEFAULT_MAX_SUBSCRIBERS = 2_000;

export type ChangeListener = (e: ChangeEvent) => void;

export class ChangeFeed {
  private readonly versions = new Map<ChangeKind, string>();
  private readonly subscribers = new Set<ChangeListener>();
  /** In-process listeners (the pushed answers, lib/events/view-pusher.ts): no connection, not bounded. */
  private readonly watchers = new Set<ChangeListener>();
  /** Per subscriber: how to end its stream when the runtime stops (a config reload builds a new one). */
  private readonly enders = new Map<ChangeListener, () => void>();
  private delivered = 0;

  constructor(readonly maxSubscribers = DEFAULT_MAX_SUBSCRIBERS) {}

  /** Tells every subscriber that `kind` is now at `version`; an unchanged version is not news. */
  publish(kind: ChangeKind, version: string): void {
    if (this.versions.get(kind) === version) return;
    this.versions.set(kind, version);
    const e = { kind, version };
    for (const w of this.watchers) w(e);
    for (const s of this.subscribers) {
      this.delivered++;
      try {
        s(e);
      } catch {
        // One broken connection must not keep the event from the others (its stream cleans up).
      }
    }
  }

  /** The latest version of `kind`, if any was published. */
  version(kind: ChangeKind): string | undefined {
    return this.versions.get(kind);
  }

  /** Calls `listener` on every change, before the subscribers are told; returns how to stop. */
  watch(listener: ChangeListener): () => void {
    this.watchers.add(listener);
    return () => void this.watchers.delete(listener);
  }

  /** The latest version of every kind published so far (sent first to a new subscriber). */
  current(): ChangeEvent[] {
    return CHANGE_KINDS.flatMap((kind) => {
      const version = this.versions.get(kind);
      return version === undefined ? [] : [{ kind, version }];
    });
  }

  /** Adds a subscriber; null when the process already holds `maxSubscribers`. `end` is called by close(). */
  subscribe(listener: ChangeListener, end?: () => void): (() => void) | null {
    if (this.subscribers.size >= this.maxSubscribers) return null;
    this.subscribers.add(listener);
    if (end) this.enders.set(listener, end);
    return () => {
      this.subscribers.delete(listener);
      this.enders.delete(listener);
    };
  }

  /**
   * Ends every subscriber's stream (runtime stop): their browsers reconnect — to the runtime
   * that replaced this one after a config reload — instead of listening to a feed nobody feeds.
   */
  close(): void {
    const ends = [...this.enders.values()];
    this.subscribers.clear();
    this.enders.clear();
    for (const end of ends) end();
  }

  get size(): number {
    return this.subscribers.size;
  }

  /** Events handed to subscribers so far (the bench's "events delivered"). */
  get deliveredCount(): number {
    return this.delivered;
  }
}
