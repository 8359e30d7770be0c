// GET /api/events against a runtime polling two simulated nodes: refused without a session
// (the one JSON error shape), the current versions at once and a `fleet` event after a poll,
// the subscriber gone when the client aborts, and a 503 past the per-process bound; with
// `push`, the routes' own answers over the stream — the ones it accepts named first, one render
// shared by every stream that asked, and a new answer after a poll.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, simFleetRuntime } from '../__fixtures__/sim-fleet-runtime';
import { attachChangeSources } from '@/lib/events/sources';
import { parseChangeEvent, parseDataEvent, parsePushingEvent, PUSH_SEPARATOR, type ChangeEvent, type DataEvent } from '@/lib/events/kinds';
import { applyJsonPatch } from '@/lib/events/json-patch';
import { pusherFor } from '@/lib/events/pushed-reads';
import { GET as nodesGET } from '../nodes/route';
import { GET as overviewGET } from '../overview/route';
import { GET as queuesGET } from '../queues/route';
import { GET } from './route';

const t = simFleetRuntime();
let detach: () => void;
beforeAll(() => {
  // The runtime is not started here (no poll timers): wire its feed as start() does.
  detach = attachChangeSources(t.runtime.events, t.runtime);
});
afterAll(() => detach());

/** Reads the stream until `want` change events have arrived (or 5 s pass). */
async function readEvents(reader: ReadableStreamDefaultReader<Uint8Array>, want: number): Promise<{ events: ChangeEvent[]; text: string }> {
  const decoder = new TextDecoder();
  let text = '';
  const events: ChangeEvent[] = [];
  const deadline = Date.now() + 5_000;
  while (events.length < want && Date.now() < deadline) {
    const r = await Promise.race([reader.read(), new Promise<null>((res) => setTimeout(() => res(null), deadline - Date.now()))]);
    if (!r || r.done) break;
    text += decoder.decode(r.value, { stream: true });
    const frames = text.split('\n\n');
    events.length = 0;
    for (const f of frames) {
      const data = f.split('\n').find((l) => l.startsWith('data: '));
      const e = f.includes('event: change') && data ? parseChangeEvent(data.slice(6)) : null;
      if (e) events.push(e);
    }
  }
  return { events, text };
}

const open = async (ac: AbortController, push?: string[]) =>
  GET(new Request(await t.get(push ? `/api/events?${new URLSearchParams({ push: push.join(PUSH_SEPARATOR) })}` : '/api/events'), { signal: ac.signal }));

/** Reads frames (`event` name + `data` line) until `done(frames)` holds or `ms` pass. */
async function readFrames(reader: ReadableStreamDefaultReader<Uint8Array>, done: (f: { event: string; data: string }[]) => boolean, ms = 10_000) {
  const decoder = new TextDecoder();
  const frames: { event: string; data: string }[] = [];
  let buf = '';
  const deadline = Date.now() + ms;
  while (!done(frames) && Date.now() < deadline) {
    const r = await Promise.race([reader.read(), new Promise<null>((res) => setTimeout(() => res(null), deadline - Date.now()))]);
    if (!r || r.done) break;
    buf += decoder.decode(r.value, { stream: true });
    for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
      const lines = buf.slice(0, i).split('\n');
      buf = buf.slice(i + 2);
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
      const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
      if (event && data !== undefined) frames.push({ event, data });
    }
  }
  return frames;
}

describe('GET /api/events', () => {
  it('refuses a caller without a session in the one error shape', async () => {
    const res = await GET(new Request(`${BASE}/api/events`));
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
  });

  it('sends retry and the current versions, then a fleet event after a poll, and unsubscribes on abort', async () => {
    const before = t.runtime.events.size;
    const ac = new AbortController();
    const res = await open(ac);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(t.runtime.events.size).toBe(before + 1);
    const reader = res.body!.getReader();
    const first = await readEvents(reader, 5);
    expect(first.text).toMatch(/^retry: \d+\n\n/);
    expect(first.events.map((e) => e.kind).sort()).toEqual(['alerts', 'audit', 'fleet', 'history', 'status']);
    const fleetBefore = first.events.find((e) => e.kind === 'fleet')!.version;

    // A simulated change, then a poll: the feed names the new fleet version (no data).
    t.sims.nodes[0]!.advance(30);
    await t.runtime.fleet.pollAll();
    const next = await readEvents(reader, 1);
    const fleet = next.events.find((e) => e.kind === 'fleet');
    expect(fleet?.version).toBeDefined();
    expect(fleet!.version).not.toBe(fleetBefore);
    expect(Object.keys(fleet!)).toEqual(['kind', 'version']);

    ac.abort();
    expect(t.runtime.events.size).toBe(before);
    await reader.cancel().catch(() => {});
  });

  it('pushes the answers of the reads it accepts, rendered once for every stream, and again after a poll', async () => {
    const push = ['/api/nodes', '/api/overview', '/api/nope', '/api/queues?sort=bogus', 'http://elsewhere.example/api/nodes', '/api/queues?limit=5'];
    const pusher = pusherFor(t.runtime.events);
    const rendersBefore = pusher.renderCount;
    const [a, b] = [new AbortController(), new AbortController()];
    const [ra, rb] = await Promise.all([open(a, push), open(b, push)]);
    expect(ra.status).toBe(200);
    const [readerA, readerB] = [ra.body!.getReader(), rb.body!.getReader()];
    const dataOf = (f: { event: string; data: string }[]) => f.filter((x) => x.event === 'data').map((x) => parseDataEvent(x.data)!);
    const three = (f: { event: string; data: string }[]) => dataOf(f).length >= 3;
    const [fa, fb] = await Promise.all([readFrames(readerA, three), readFrames(readerB, three)]);
    // What it pushes comes first: unknown routes, invalid queries and other origins are left to the tab.
    expect(fa[0]!.event).toBe('pushing');
    expect(parsePushingEvent(fa[0]!.data)).toEqual(['/api/nodes', '/api/overview', '/api/queues?limit=5']);
    for (const frames of [fa, fb])
      expect(
        dataOf(frames)
          .map((d) => d.url)
          .sort(),
      ).toEqual(['/api/nodes', '/api/overview', '/api/queues?limit=5']);
    // One render per URL for both streams, and the answer is the route's own.
    expect(pusher.renderCount - rendersBefore).toBe(3);
    const pushed = dataOf(fa).find((d) => d.url === '/api/nodes')!;
    expect(pushed.failed).toBe(false);
    const fetched = (await (await nodesGET(await t.get('/api/nodes'))).json()) as { nodes: unknown[] };
    expect((pushed as { body: { nodes: unknown[] } }).body.nodes).toEqual(fetched.nodes);
    const queues = dataOf(fa).find((d) => d.url === '/api/queues?limit=5') as { body: { rows: unknown[]; total: number } };
    expect(queues.body.rows).toHaveLength(5);

    // A poll that changes the fleet: new answers follow (after the push pace), whole or as a
    // patch of the one this stream holds (lib/events/json-patch.ts); either way the route's own.
    const held = (url: string, frames: DataEvent[]) => frames.find((d) => d.url === url && !d.failed && 'body' in d) as { seq: number; body: unknown };
    const first = dataOf(fa);
    const before = JSON.stringify((held('/api/overview', first).body as { fleet: unknown }).fleet);
    t.sims.nodes[0]!.advance(60);
    await t.runtime.fleet.pollAll();
    const both = (f: { event: string; data: string }[]) => ['/api/overview', '/api/queues?limit=5'].every((u) => dataOf(f).some((d) => d.url === u));
    const after = dataOf(await readFrames(readerA, both));
    const valueOf = (url: string) => {
      const d = after.find((x) => x.url === url);
      if (!d || d.failed) throw new Error(`no answer for ${url} after the poll`);
      if ('body' in d) return d.body;
      expect(d.base).toBe(held(url, first).seq);
      return applyJsonPatch(held(url, first).body, d.patch);
    };
    // Some answer after the poll came as a patch (which ones depends on how much the poll
    // moved: a 5-row window whose rows all changed is sent whole, past the 70 % bound).
    expect(after.some((d) => 'patch' in d)).toBe(true);
    const overview = valueOf('/api/overview') as { fleet: unknown };
    expect(JSON.stringify(overview.fleet)).not.toBe(before);
    expect(overview.fleet).toEqual(((await (await overviewGET(await t.get('/api/overview'))).json()) as { fleet: unknown }).fleet);
    const window = valueOf('/api/queues?limit=5') as { rows: unknown[]; total: number };
    const fetchedWindow = (await (await queuesGET(await t.get('/api/queues?limit=5'))).json()) as { rows: unknown[]; total: number };
    expect(window.rows).toEqual(fetchedWindow.rows);
    expect(window.total).toBe(fetchedWindow.total);

    // Both gone: the pusher forgets the URLs.
    a.abort();
    b.abort();
    expect(pusher.size).toBe(0);
    await Promise.all([readerA.cancel().catch(() => {}), readerB.cancel().catch(() => {})]);
  }, 20_000);

  it('ends open streams when the feed closes (runtime stop, config reload)', async () => {
    const res = await open(new AbortController());
    const reader = res.body!.getReader();
    await readEvents(reader, 5);
    t.runtime.events.close();
    expect(t.runtime.events.size).toBe(0);
    for (;;) if ((await reader.read()).done) break; // the stream ends: the browser reconnects
  });

  it('answers 503 in the one error shape once the per-process bound is reached', async () => {
    const feed = t.runtime.events;
    const offs: (() => void)[] = [];
    while (feed.size < feed.maxSubscribers) offs.push(feed.subscribe(() => {})!);
    try {
      const res = await open(new AbortController());
      expect(res.status).toBe(503);
      const body = (await res.json()) as { error: { code: string; message: string; status: number } };
      expect(body.error).toMatchObject({ code: 'unavailable', status: 503 });
      expect(body.error.message).toMatch(/too many open event streams/);
    } finally {
      for (const off of offs) off();
    }
    // Room again: the next one is served.
    const ac = new AbortController();
    const res = await open(ac);
    expect(res.status).toBe(200);
    ac.abort();
    await res.body?.cancel().catch(() => {});
  });
});
