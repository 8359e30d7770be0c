import 'server-only';
// The pushed answers of the change feed (lib/events/kinds.ts: `push`): per URL that some open
// stream asked for, one render whenever its kind changed — at most once per `minGapMs(kind)`,
// the pace a page would refetch at — and the same frame written to every stream that asked.
// A URL nobody asks for any more is forgotten with its timer. The renders due at one moment
// (a fleet poll makes the overview, the node list and a queue window stale at once) are done
// together and then written stream by stream: at a thousand streams the writes, not the
// renders, are the cost. A stream that has a URL's last answer gets the next one as a patch
// of it (lib/events/json-patch.ts) when that is smaller, computed once for all of them; a
// newcomer gets the whole answer; an answer byte for byte the same as the last goes only to
// the streams still waiting for one. Each frame carries a sequence number (`seq`) and a patch
// names the one it applies to (`base`), so a tab that holds another never applies it. A
// stream's frames of one batch go out as one write. Per process (like the feed): every
// replica pushes what its own streams asked for.
import type { ChangeFeed } from './change-feed';
import { diffJson } from './json-patch';
import { DATA_EVENT, MAX_PUSHED_URLS, type ChangeKind } from './kinds';

/** Where a pushed URL's frames go (one open event stream). */
export interface PushTarget {
  send(frame: Uint8Array): void;
}

/** What a URL is: the kind whose changes make its answer stale, and how to render the answer (JSON bytes). */
export interface PushedRead {
  kind: ChangeKind;
  render: () => Promise<Uint8Array>;
}

export interface ViewPusherOptions {
  /** A URL → what it is, or null when it is not pushed (unknown route, invalid query). */
  resolve: (url: string) => PushedRead | null;
  /** Least time between two renders of one URL. */
  minGapMs: (kind: ChangeKind) => number;
  /** Most distinct URLs pushed per process (past it, a stream's further URLs are refetched as before). */
  maxViews?: number;
  onError?: (url: string, e: unknown) => void;
  now?: () => number;
}

interface Batch {
  views: Set<View>;
  timer: ReturnType<typeof setTimeout>;
}

/** Renders due within this much of each other go in one batch. */
const BATCH_MS = 50;
/** A patch is sent instead of the answer only when it is at most this share of the answer's size. */
const PATCH_MAX_SHARE = 0.7;

interface View extends PushedRead {
  url: string;
  targets: Set<PushTarget>;
  /** The last answer and the kind's version it was rendered at (sent at once to a newcomer while current). */
  body: Uint8Array | null;
  bodyVersion: string | undefined;
  /** The last answer parsed (what the next patch is computed from), and its sequence number. */
  value: unknown;
  seq: number;
  /** The targets that have the answer numbered `seq` (a patch goes to these; the others get it whole). */
  synced: Set<PushTarget>;
  lastRender: number;
  /** The batch (renderDue) this view waits in, if any. */
  batch: Batch | undefined;
  rendering: boolean;
  /** Changed again while rendering: render once more after. */
  again: boolean;
}

export const DEFAULT_MAX_VIEWS = 256;

export class ViewPusher {
  private readonly views = new Map<string, View>();
  /** Batches by due time (a multiple of BATCH_MS). */
  private readonly batches = new Map<number, Batch>();
  private readonly now: () => number;
  private readonly offWatch: () => void;
  private rendered = 0;
  /** Sequence numbers of answers, one counter for all URLs of the process. */
  private seq = 0;

  constructor(
    private readonly feed: ChangeFeed,
    private readonly opts: ViewPusherOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.offWatch = feed.watch((e) => {
      for (const v of this.views.values()) if (v.kind === e.kind) this.schedule(v);
    });
  }

  /**
   * Pushes the answers of `urls` (the first MAX_PUSHED_URLS distinct ones) to `target` from
   * now on; returns the URLs it will push — the stream tells its tab, which refetches the rest
   * as before — and how to stop.
   */
  subscribe(urls: readonly string[], target: PushTarget): { accepted: string[]; off: () => void } {
    const accepted: string[] = [];
    for (const url of new Set(urls)) {
      if (accepted.length >= MAX_PUSHED_URLS) break;
      let v = this.views.get(url);
      if (!v) {
        if (this.views.size >= (this.opts.maxViews ?? DEFAULT_MAX_VIEWS)) continue;
        const read = this.opts.resolve(url);
        if (!read) continue;
        v = {
          ...read,
          url,
          targets: new Set(),
          body: null,
          bodyVersion: undefined,
          value: undefined,
          seq: 0,
          synced: new Set(),
          lastRender: -Infinity,
          batch: undefined,
          rendering: false,
          again: false,
        };
        this.views.set(url, v);
      }
      v.targets.add(target);
      accepted.push(url);
      // A current frame goes out at once; otherwise the next render (now, or when the pace allows) brings it.
      if (v.body && v.bodyVersion === this.feed.version(v.kind)) {
        target.send(dataFrame(url, this.now(), v.seq, v.body));
        v.synced.add(target);
      } else this.schedule(v);
    }
    const off = () => {
      for (const url of accepted) {
        const v = this.views.get(url);
        if (!v) continue;
        v.targets.delete(target);
        v.synced.delete(target);
        if (v.targets.size === 0) {
          v.batch?.views.delete(v);
          this.views.delete(url);
        }
      }
    };
    return { accepted, off };
  }

  private schedule(v: View): void {
    if (v.rendering) {
      v.again = true;
      return;
    }
    if (v.batch) return; // already due: that render will see this change too
    const dueAt = Math.ceil(Math.max(this.now(), v.lastRender + this.opts.minGapMs(v.kind)) / BATCH_MS) * BATCH_MS;
    let batch = this.batches.get(dueAt);
    if (!batch) {
      const views = new Set<View>();
      const timer = setTimeout(() => {
        this.batches.delete(dueAt);
        void this.renderDue([...views]);
      }, dueAt - this.now());
      timer.unref?.();
      batch = { views, timer };
      this.batches.set(dueAt, batch);
    }
    batch.views.add(v);
    v.batch = batch;
  }

  private async renderDue(batch: View[]): Promise<void> {
    for (const v of batch) v.batch = undefined;
    const rendered = await Promise.all(batch.map((v) => this.render(v)));
    const at = this.now();
    // One write per stream per batch: at a thousand streams the cost is per chunk (each one a
    // trip through the response's web stream and a socket write), so a stream's frames are
    // joined. (Before patches, joining copied ~100 MB per poll and was slower in B10; the
    // patches made the bytes ~5× fewer and the chunks the cost.)
    const out = new Map<PushTarget, Uint8Array[]>();
    const add = (t: PushTarget, frame: Uint8Array) => {
      const frames = out.get(t);
      if (frames) frames.push(frame);
      else out.set(t, [frame]);
    };
    batch.forEach((v, i) => {
      const r = rendered[i];
      if (r === undefined) return; // nobody asks any more
      if (r === null) {
        const frame = failedFrame(v.url, at);
        for (const t of v.targets) add(t, frame);
        v.synced.clear();
        return;
      }
      let whole: Uint8Array | undefined;
      let patched: Uint8Array | undefined;
      for (const t of v.targets) {
        if (r.same && v.synced.has(t)) continue; // it holds this very answer
        if (r.patch && v.synced.has(t)) add(t, (patched ??= patchFrame(v.url, at, v.seq, r.base, r.patch)));
        else add(t, (whole ??= dataFrame(v.url, at, v.seq, r.body)));
      }
      v.synced = new Set(v.targets);
    });
    for (const [t, frames] of out) t.send(frames.length === 1 ? frames[0]! : Buffer.concat(frames));
    for (const v of batch)
      if (v.again) {
        v.again = false;
        this.schedule(v);
      }
  }

  /**
   * The answer's bytes, and its patch from the last answer when that is worth sending, or
   * `same` when it is byte for byte the last answer (its number unchanged); null when the
   * render failed; undefined when nobody asks any more.
   */
  private async render(v: View): Promise<{ body: Uint8Array; patch: Uint8Array | null; base: number; same: boolean } | null | undefined> {
    v.rendering = true;
    v.lastRender = this.now();
    const version = this.feed.version(v.kind);
    let body: Uint8Array | null = null;
    try {
      body = await v.render();
      this.rendered++;
    } catch (e) {
      // The tabs ask the route themselves, and show its error (the store down: a 503) as a fetch would.
      this.opts.onError?.(v.url, e);
    }
    v.rendering = false;
    if (this.views.get(v.url) !== v) return undefined;
    const previous = v.body;
    v.body = body;
    v.bodyVersion = body ? version : undefined;
    // Unchanged (a change of its kind that did not touch it: the alerts after a quiet poll):
    // nothing for the streams that hold it — at a thousand streams each write costs, an empty
    // patch as much as any — and the whole answer, still numbered as before, for those waiting.
    if (body && previous && previous.byteLength === body.byteLength && Buffer.compare(previous, body) === 0)
      return { body, patch: null, base: v.seq, same: true };
    const base = v.seq;
    v.seq = ++this.seq;
    if (!body) {
      v.value = undefined;
      return null;
    }
    const before = v.value;
    const value: unknown = JSON.parse(DECODER.decode(body));
    v.value = value;
    if (before === undefined) return { body, patch: null, base, same: false };
    const patch = Buffer.from(JSON.stringify(diffJson(before, value)));
    return { body, patch: patch.byteLength <= body.byteLength * PATCH_MAX_SHARE ? patch : null, base, same: false };
  }

  /** URLs pushed now. */
  get size(): number {
    return this.views.size;
  }

  /** Renders done so far (tests, the bench). */
  get renderCount(): number {
    return this.rendered;
  }

  /** Stops watching the feed and forgets every URL (runtime stop). */
  close(): void {
    this.offWatch();
    for (const b of this.batches.values()) clearTimeout(b.timer);
    this.batches.clear();
    this.views.clear();
  }
}

const DECODER = new TextDecoder();

/** `event: data` saying the render failed: the tab refetches that URL itself. */
export function failedFrame(url: string, at: number): Uint8Array {
  return Buffer.from(`event: ${DATA_EVENT}\ndata: {"url":${JSON.stringify(url)},"at":${at},"failed":true}\n\n`);
}

/**
 * `event: data` with `{"url":…,"at":…,"seq":…,"body":<the answer>}`, the answer's bytes
 * spliced in as they are (JSON text has no raw newline, so it is one `data:` line).
 */
export function dataFrame(url: string, at: number, seq: number, body: Uint8Array): Uint8Array {
  return frameOf(`{"url":${JSON.stringify(url)},"at":${at},"seq":${seq},"body":`, body);
}

/** `event: data` with `{"url":…,"at":…,"seq":…,"base":…,"patch":<from the answer numbered base>}`. */
export function patchFrame(url: string, at: number, seq: number, base: number, patch: Uint8Array): Uint8Array {
  return frameOf(`{"url":${JSON.stringify(url)},"at":${at},"seq":${seq},"base":${base},"patch":`, patch);
}

function frameOf(head: string, json: Uint8Array): Uint8Array {
  return Buffer.concat([Buffer.from(`event: ${DATA_EVENT}\ndata: ${head}`), json, Buffer.from('}\n\n')]);
}
