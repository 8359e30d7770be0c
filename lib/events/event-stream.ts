import 'server-only';
// One subscriber of the change feed as a text/event-stream Response: `retry:` (EventSource's
// reconnect delay) and the current versions first (a reconnecting page learns what it
// missed), then every change, and a heartbeat comment every HEARTBEAT_MS (idle connections are
// closed by proxies; a dead one is noticed). Unsubscribes when the client goes away. With
// `push` (lib/events/kinds.ts), `event: pushing` names the URLs this stream gets the answers of
// (lib/events/view-pusher.ts), before the versions. A client that stops reading while frames
// pile up past MAX_BUFFERED_BYTES is cut off (its browser reconnects) rather than held in memory.
import { ApiError } from '@/lib/api/errors';
import type { ChangeFeed } from './change-feed';
import { CHANGE_EVENT, PUSHING_EVENT, type ChangeEvent } from './kinds';
import type { ViewPusher } from './view-pusher';

export const HEARTBEAT_MS = 15_000;
export const RETRY_MS = 5_000;
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export interface EventStreamOptions {
  /** URLs whose answers to push, and the pusher that has them. */
  push?: { urls: readonly string[]; pusher: ViewPusher };
  heartbeatMs?: number;
}

const frame = (e: ChangeEvent) => `event: ${CHANGE_EVENT}\ndata: ${JSON.stringify(e)}\n\n`;

/** Throws ApiError('unavailable') — the route's 503 — when the feed has no room for one more. */
export function eventStream(feed: ChangeFeed, signal: AbortSignal, opts: EventStreamOptions = {}): Response {
  const encoder = new TextEncoder();
  let send: (chunk: string | Uint8Array) => void = () => {};
  let offPush = () => {};
  // Subscribed before the stream exists: a refusal is still the route's JSON error answer.
  const off = feed.subscribe(
    (e) => send(frame(e)),
    () => onAbort(),
  );
  if (!off) throw new ApiError('unavailable', `too many open event streams (at most ${feed.maxSubscribers} per process); poll instead`);
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let done = false;
  let onAbort = () => {};
  const cleanup = () => {
    if (done) return;
    done = true;
    off();
    offPush();
    clearInterval(heartbeat);
    signal.removeEventListener('abort', onAbort);
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        send = (chunk) => {
          if (done) return;
          try {
            controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
            if ((controller.desiredSize ?? 0) < 0) {
              // Not read for a while (a stuck tab, a stalled proxy): let go rather than buffer on.
              cleanup();
              controller.error(new Error('event stream: client not reading'));
            }
          } catch {
            cleanup(); // closed underneath: the client went away between two checks
          }
        };
        onAbort = () => {
          cleanup();
          try {
            controller.close();
          } catch {
            // already closed
          }
        };
        signal.addEventListener('abort', onAbort);
        if (signal.aborted) return cleanup();
        heartbeat = setInterval(() => send(': heartbeat\n\n'), opts.heartbeatMs ?? HEARTBEAT_MS);
        heartbeat.unref();
        // `pushing` first: the tab must know what is pushed before it acts on the versions, and
        // answers that are current already (sent by subscribe) wait until after them.
        const early: Uint8Array[] = [];
        let target: (f: Uint8Array) => void = (f) => void early.push(f);
        const pushing = opts.push?.pusher.subscribe(opts.push.urls, { send: (f) => target(f) });
        if (pushing) offPush = pushing.off;
        const named = pushing ? `event: ${PUSHING_EVENT}\ndata: ${JSON.stringify({ urls: pushing.accepted })}\n\n` : '';
        send(`retry: ${RETRY_MS}\n\n${named}${feed.current().map(frame).join('')}`);
        early.forEach((f) => send(f));
        target = (f) => send(f);
      },
      cancel: cleanup,
    },
    { highWaterMark: MAX_BUFFERED_BYTES, size: (chunk) => chunk.byteLength },
  );
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      // A buffering reverse proxy (nginx) would hold events back until its buffer fills.
      'x-accel-buffering': 'no',
    },
  });
}
