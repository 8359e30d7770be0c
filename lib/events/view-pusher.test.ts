// The pusher's pace and sharing, on a real ChangeFeed with fake timers: one render per change
// for every target, never two within the gap (the second change waits for it), a newcomer
// gets a current frame at once and a stale one never, a failed render says so and is not
// kept, the per-process bound, and a URL nobody asks for is forgotten with its timer.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChangeFeed } from './change-feed';
import { parseDataEvent, type ChangeKind } from './kinds';
import { applyJsonPatch } from './json-patch';
import { ViewPusher } from './view-pusher';

const GAP = 5_000;

const bodyOf = (d: ReturnType<typeof parseDataEvent>) => (d && !d.failed && 'body' in d ? d.body : undefined);

function setup(opts: { fail?: () => boolean; maxViews?: number; answer?: (url: string, n: number) => unknown } = {}) {
  const feed = new ChangeFeed();
  let n = 0;
  const renders: string[] = [];
  const pusher = new ViewPusher(feed, {
    resolve: (url) =>
      url.startsWith('/api/')
        ? {
            kind: (url.includes('history') ? 'history' : 'fleet') as ChangeKind,
            render: async () => {
              renders.push(url);
              if (opts.fail?.()) throw new Error('store down');
              return new TextEncoder().encode(JSON.stringify(opts.answer ? opts.answer(url, ++n) : { n: ++n }));
            },
          }
        : null,
    minGapMs: () => GAP,
    maxViews: opts.maxViews,
  });
  const target = () => {
    const got: ReturnType<typeof parseDataEvent>[] = [];
    let writes = 0;
    return {
      got,
      writes: () => writes,
      send: (f: Uint8Array) => {
        writes++;
        const text = new TextDecoder().decode(f);
        expect(text.endsWith('\n\n')).toBe(true);
        for (const frame of text.split('\n\n').slice(0, -1)) got.push(parseDataEvent(frame.split('\n')[1]!.slice(6)));
      },
    };
  };
  return { feed, pusher, renders, target };
}

/** Fake time forward, then the renders' promise chains to their end. */
async function advance(ms: number) {
  await vi.advanceTimersByTimeAsync(ms);
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(0); // renders are batched on multiples of 50 ms: start on one
});
afterEach(() => vi.useRealTimers());

describe('ViewPusher', () => {
  it('renders once for every target, at most once per gap, and the later change is not lost', async () => {
    const { feed, pusher, renders, target } = setup();
    feed.publish('fleet', 'v1');
    const [a, b] = [target(), target()];
    expect(pusher.subscribe(['/api/overview', 'not-a-read'], a).accepted).toEqual(['/api/overview']);
    pusher.subscribe(['/api/overview'], b);
    await advance(0);
    expect(renders).toEqual(['/api/overview']);
    expect(a.got.map((d) => bodyOf(d))).toEqual([{ n: 1 }]);
    expect(b.got).toEqual(a.got);

    feed.publish('fleet', 'v2');
    feed.publish('history', 'h1'); // another kind: not this URL's
    await advance(GAP - 100);
    expect(renders).toHaveLength(1); // within the gap
    feed.publish('fleet', 'v3');
    await advance(100);
    expect(renders).toHaveLength(2); // one render covers v2 and v3
    expect(a.got.map((d) => bodyOf(d))).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('renders the URLs one change made stale together, once for all their streams', async () => {
    const { feed, pusher, renders, target } = setup();
    feed.publish('fleet', 'v1');
    const [a, b] = [target(), target()];
    pusher.subscribe(['/api/overview', '/api/nodes'], a);
    pusher.subscribe(['/api/nodes'], b);
    await advance(0);
    expect(renders.sort()).toEqual(['/api/nodes', '/api/overview']);
    expect([a.writes(), b.writes()]).toEqual([1, 1]); // a stream's frames of one batch: one write
    expect(a.got.map((d) => d?.url).sort()).toEqual(['/api/nodes', '/api/overview']);
    expect(b.got.map((d) => d?.url)).toEqual(['/api/nodes']);
    feed.publish('fleet', 'v2');
    await advance(GAP);
    expect([a.writes(), b.writes(), renders.length]).toEqual([2, 2, 4]);
  });

  it('sends a newcomer the current frame at once, but renders again for a stale one', async () => {
    const { feed, pusher, renders, target } = setup();
    feed.publish('fleet', 'v1');
    pusher.subscribe(['/api/nodes'], target());
    await advance(0);
    const late = target();
    pusher.subscribe(['/api/nodes'], late);
    expect(late.got).toHaveLength(1); // current: no render
    expect(renders).toHaveLength(1);

    feed.publish('fleet', 'v2');
    const later = target();
    pusher.subscribe(['/api/nodes'], later);
    expect(later.got).toHaveLength(0); // the v1 frame is stale: wait for the render
    await advance(GAP);
    expect(later.got.map((d) => bodyOf(d))).toEqual([{ n: 2 }]);
  });

  it('sends an unchanged answer only to the streams waiting for it, under its old number', async () => {
    const filler = 'x'.repeat(500); // big enough for a patch to be worth sending
    let answer = { alerts: [] as string[], filler };
    const { feed, pusher, renders, target } = setup({ answer: () => answer });
    feed.publish('fleet', 'v1');
    const a = target();
    pusher.subscribe(['/api/alerts'], a);
    await advance(0);
    const first = a.got[0] as { seq: number };
    feed.publish('fleet', 'v2'); // a change of its kind that did not touch it
    const b = target();
    pusher.subscribe(['/api/alerts'], b); // stale: waits for the render
    await advance(GAP);
    expect(renders).toHaveLength(2);
    expect(a.got).toHaveLength(1); // holds that very answer: nothing sent
    expect(b.got.map((d) => bodyOf(d))).toEqual([{ alerts: [], filler }]);
    expect((b.got[0] as { seq: number }).seq).toBe(first.seq);
    answer = { alerts: ['disk full'], filler };
    feed.publish('fleet', 'v3');
    await advance(GAP);
    // Changed: both get a patch of the answer numbered as before, and it applies for both.
    for (const t of [a, b]) {
      const d = t.got.at(-1)!;
      if (d.failed || !('patch' in d)) throw new Error('expected a patch');
      expect(d.base).toBe(first.seq);
      expect(applyJsonPatch({ alerts: [], filler }, d.patch)).toEqual({ alerts: ['disk full'], filler });
    }
  });

  it('says when a render failed and keeps no frame of it', async () => {
    let failing = true;
    const { feed, pusher, target } = setup({ fail: () => failing });
    feed.publish('fleet', 'v1');
    const a = target();
    pusher.subscribe(['/api/overview'], a);
    await advance(0);
    expect(a.got).toEqual([expect.objectContaining({ url: '/api/overview', failed: true })]);
    const b = target();
    pusher.subscribe(['/api/overview'], b);
    expect(b.got).toHaveLength(0); // nothing current to hand over
    failing = false;
    await advance(GAP);
    expect(b.got.map((d) => d?.failed)).toEqual([false]);
  });

  it('sends a stream that has the last answer a patch of it, a newcomer the whole answer, one write per stream', async () => {
    // A queue window: 300 rows; each render moves one row to the top and changes one count.
    const rowsAt = (n: number) => {
      const rows = Array.from({ length: 300 }, (_, i) => ({ node: 'pmta1', name: `d${i}.example/v`, rcp: i === 7 ? n : 1000 - i, events: [] }));
      return [rows[n % 300]!, ...rows.filter((_, i) => i !== n % 300)];
    };
    const { feed, pusher, target } = setup({ answer: (url, n) => (url.includes('queues') ? { generatedAt: n, rows: rowsAt(n) } : { n }) });
    const a = target();
    feed.publish('fleet', 'v1');
    pusher.subscribe(['/api/queues', '/api/nodes'], a);
    await advance(0);
    expect(a.got.map((d) => d && !d.failed && 'body' in d)).toEqual([true, true]); // first answers whole

    feed.publish('fleet', 'v2');
    const b = target();
    pusher.subscribe(['/api/queues'], b); // stale: waits for the render, then gets it whole
    const writes = a.writes();
    await advance(GAP);
    expect(a.writes() - writes).toBe(1); // both answers in one write
    expect(
      a.got
        .slice(2)
        .map((d) => d?.url)
        .sort(),
    ).toEqual(['/api/nodes', '/api/queues']);
    const patched = a.got.slice(2).find((d) => d?.url === '/api/queues');
    expect(patched).toMatchObject({ url: '/api/queues', failed: false });
    if (!patched || patched.failed || !('patch' in patched)) throw new Error('expected a patch');
    const held = a.got.find((d) => d && !d.failed && d.url === '/api/queues' && 'body' in d)!;
    expect(patched.base).toBe((held as { seq: number }).seq);
    const value = applyJsonPatch(bodyOf(held), patched.patch);
    const whole = bodyOf(b.got[0]!);
    expect(whole).toBeDefined();
    expect(value).toEqual(whole);
    expect(JSON.stringify(patched.patch).length).toBeLessThan(JSON.stringify(whole).length / 10);
    expect((b.got[0] as { seq: number }).seq).toBe(patched.seq);

    // Both now hold it: the next one is a patch for both.
    feed.publish('fleet', 'v3');
    await advance(GAP);
    const lastQueues = (t: { got: ReturnType<typeof parseDataEvent>[] }) => t.got.filter((d) => d?.url === '/api/queues').at(-1);
    expect([lastQueues(a), lastQueues(b)].map((d) => d && !d.failed && 'patch' in d)).toEqual([true, true]);
  });

  it('after a failed render, sends the next answer whole', async () => {
    let failing = false;
    const { feed, pusher, target } = setup({
      fail: () => failing,
      answer: (_, n) => ({ rows: Array.from({ length: 50 }, (_, i) => ({ name: `q${i}`, rcp: i === 0 ? n : i })) }),
    });
    const a = target();
    feed.publish('fleet', 'v1');
    pusher.subscribe(['/api/queues'], a);
    await advance(0);
    failing = true;
    feed.publish('fleet', 'v2');
    await advance(GAP);
    failing = false;
    feed.publish('fleet', 'v3');
    await advance(GAP);
    expect(a.got.map((d) => (d?.failed ? 'failed' : d && 'body' in d ? 'body' : 'patch'))).toEqual(['body', 'failed', 'body']);
    feed.publish('fleet', 'v4');
    await advance(GAP);
    expect(a.got.at(-1)).toHaveProperty('patch');
  });

  it('pushes at most maxViews URLs per process and forgets a URL with its last target', async () => {
    const { feed, pusher, renders, target } = setup({ maxViews: 2 });
    feed.publish('fleet', 'v1');
    const a = target();
    const sub = pusher.subscribe(['/api/a', '/api/b', '/api/c'], a);
    expect(sub.accepted).toEqual(['/api/a', '/api/b']);
    expect(pusher.size).toBe(2);
    sub.off();
    expect(pusher.size).toBe(0);
    await advance(GAP);
    expect(renders).toHaveLength(0); // the timers went with them
    expect(vi.getTimerCount()).toBe(0);
  });
});
