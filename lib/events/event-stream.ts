import 'server-only';
// One subscriber of the change feed as a text/event-stream Response: `retry:` (EventSource's
// reconnect delay) and the current versions first (a reconnecting page learns what it
// missed), then every change, and a heartbeat comment every HEARTBEAT_MS (idle connections are
// closed by proxies; a dead one is noticed). Unsubscribes when the client goes away.
import { ApiError } from '@/lib/api/errors';
import type { ChangeFeed } from './change-feed';
import { CHANGE_EVENT, type ChangeEvent } from './kinds';

export const HEARTBEAT_MS = 15_000;
export const RETRY_MS = 5_000;

const frame = (e: ChangeEvent) => `event: ${CHANGE_EVENT}\ndata: ${JSON.stringify(e)}\n\n`;

/** Throws ApiError('unavailable') — the route's 503 — when the feed has no room for one more. */
export function eventStream(feed: ChangeFeed, signal: AbortSignal, heartbeatMs = HEARTBEAT_MS): Response {
  const encoder = new TextEncoder();
  let send: (text: string) => void = () => {};
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
    clearInterval(heartbeat);
    signal.removeEventListener('abort', onAbort);
  };
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      send = (text) => {
        if (done) return;
        try {
          controller.enqueue(encoder.encode(text));
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
      heartbeat = setInterval(() => send(': heartbeat\n\n'), heartbeatMs);
      heartbeat.unref();
      send(`retry: ${RETRY_MS}\n\n${feed.current().map(frame).join('')}`);
    },
    cancel: cleanup,
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      // A buffering reverse proxy (nginx) would hold events back until its buffer fills.
      'x-accel-buffering': 'no',
    },
  });
}
