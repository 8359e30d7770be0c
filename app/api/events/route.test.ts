// GET /api/events against a runtime polling two simulated nodes: refused without a session
// (the one JSON error shape), the current versions at once and a `fleet` event after a poll,
// the subscriber gone when the client aborts, and a 503 past the per-process bound.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, simFleetRuntime } from '../__fixtures__/sim-fleet-runtime';
import { attachChangeSources } from '@/lib/events/sources';
import { parseChangeEvent, type ChangeEvent } from '@/lib/events/kinds';
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

const open = async (ac: AbortController) => GET(new Request(await t.get('/api/events'), { signal: ac.signal }));

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
