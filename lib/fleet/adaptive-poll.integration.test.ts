// Adaptive polling against the real simulator: a console polling partial lists (backoff,
// paused, top N; the full list every M-th interval) next to one polling the full list every
// interval, on the same node and the same moments. The adaptive one must see a backing-up
// episode no later, show every queue in backoff, paused or the top N exactly as fresh, and
// never keep a queue in backoff or paused that the node no longer has so.
import { afterEach, describe, expect, it } from 'vitest';
import { startSimNode, type SimNodeHandle } from '@/sim';
import { configSchema } from '@/lib/config/schema';
import type { Queue } from '@/lib/pmta/types';
import type { QueueTable } from '@/lib/queue-store/queue-table';
import { backingUp } from '@/lib/read-models/views';
import { Fleet } from './fleet';
import { ParsePool } from './parse-pool';

const pool = new ParsePool();
const TOP_N = 25;
const FULL_EVERY = 4;

const started: { sims: SimNodeHandle[]; fleets: Fleet[] } = { sims: [], fleets: [] };
afterEach(async () => {
  started.fleets.forEach((f) => f.stop());
  await Promise.all(started.sims.map((s) => s.stop()));
  started.sims = [];
  started.fleets = [];
});

async function sim(opts: Parameters<typeof startSimNode>[0] = {}) {
  const s = await startSimNode({ tickMs: 0, seed: 16, startTime: '2026-11-26T10:00:00Z', ...opts });
  s.advance(120);
  started.sims.push(s);
  return s;
}

function fleet(url: string, adaptive: boolean, parsePool = pool) {
  const f = new Fleet(
    configSchema.parse({
      pollIntervalSeconds: 10,
      nodes: [{ id: 'a', url, format: 'json' }],
      poll: { adaptive: { enabled: adaptive, topN: TOP_N, fullEvery: FULL_EVERY } },
    }),
    parsePool,
  );
  started.fleets.push(f);
  return f;
}

const rowsByName = (t: QueueTable) => new Map(Array.from({ length: t.count }, (_, i) => [t.row(i).name, t.row(i)] as const));

/** The queues the node lists first with `sort=rcpt` (recipients, then name: sim/http/filters.ts). */
function topByRcp(rows: Queue[], n: number): Queue[] {
  return [...rows].sort((a, b) => (b.rcp ?? 0) - (a.rcp ?? 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).slice(0, n);
}

describe('adaptive polling against the simulator', () => {
  it('detects a backing-up episode no later than full polls, with backoff, paused and top-N queues as fresh', async () => {
    const s = await sim({ backoffToNormalAfterMinutes: 1 });
    const full = fleet(s.url, false);
    const adaptive = fleet(s.url, true);
    await full.pollAll();
    // Two small domains, far from the top N: one paused for a while, one in a short backoff
    // episode — so that leaving paused and backoff happens to rows no partial list brings.
    const small = full.nodes[0]!.poller.snapshot.queues!.domainTotals()
      .filter((d) => d.rcp > 0)
      .slice(-2)
      .map((d) => d.domain);
    expect(small).toHaveLength(2);
    const flagged = { full: null as number | null, adaptive: null as number | null };
    let partialPolls = 0;
    let leftUnseen = 0;
    let before = new Map<string, Queue>();
    for (let step = 0; step < 16; step++) {
      if (step === 1) s.startBackoff(`${small[0]}/*`, 'timeout', 10);
      if (step === 3) s.startBackoff('gmail.com/*', 'gmail', 3600);
      if (step === 5) s.command(`pause queue ${small[1]}/*`);
      if (step === 9) s.command(`resume queue ${small[1]}`);
      s.advance(10);
      await full.pollAll();
      await adaptive.pollAll();
      const now = Date.now();
      for (const [k, f] of [
        ['full', full],
        ['adaptive', adaptive],
      ] as const) {
        if (flagged[k] === null && backingUp(f, now).some((v) => v.domain === 'gmail.com')) flagged[k] = step;
      }
      const F = full.nodes[0]!.poller.snapshot.queues!;
      const snapA = adaptive.nodes[0]!.poller.snapshot;
      const A = snapA.queues!;
      if (A.columns.seenAt) partialPolls++;
      // Every FULL_EVERY-th poll is a full list; the others are merged partial lists.
      expect(Boolean(A.columns.seenAt), `step ${step}: ${JSON.stringify(adaptive.nodes[0]!.poller.health())}`).toBe(step % FULL_EVERY !== 0);
      const fRows = rowsByName(F);
      const aRows = rowsByName(A);
      const fresh = new Map<string, Queue>();
      for (const q of fRows.values()) if (q.mode === 'backoff' || q.paused) fresh.set(q.name, q);
      for (const q of topByRcp([...fRows.values()], TOP_N)) fresh.set(q.name, q);
      for (const [name, q] of fresh) expect(aRows.get(name), `step ${step}: ${name}`).toEqual(q);
      // No queue stays shown in backoff or paused after the node has left it so.
      for (const [name, q] of aRows) {
        const was = before.get(name);
        if (A.columns.seenAt && !fresh.has(name) && ((was?.mode === 'backoff' && q.mode !== 'backoff') || (was?.paused && !q.paused))) leftUnseen++;
        expect(q.mode === 'backoff', `step ${step}: ${name} mode`).toBe(fRows.get(name)?.mode === 'backoff');
        expect(q.paused === true, `step ${step}: ${name} paused`).toBe(fRows.get(name)?.paused === true);
      }
      before = aRows;
      // Per-domain totals follow the merged rows.
      for (const d of A.domainTotals()) {
        const own = A.rowsOfDomain(d.domain).map((i) => A.row(i));
        expect(d.rcp).toBe(own.reduce((x, q) => x + (q.rcp ?? 0), 0));
        expect(d.backoff).toBe(own.filter((q) => q.mode === 'backoff').length);
        expect(d.paused).toBe(own.filter((q) => q.paused).length);
      }
      // A row's age is knowable: fetched now, or with the last full list.
      if (A.columns.seenAt) {
        for (let i = 0; i < A.count; i++) expect([snapA.queuesAt, snapA.fullQueuesAt].some((t) => Math.abs(A.columns.seenAt![i]! - t!) < 1000)).toBe(true);
        expect(snapA.fullQueuesAt).toBeLessThan(snapA.queuesAt!);
      }
    }
    expect(flagged.full).not.toBeNull();
    expect(flagged.adaptive).not.toBeNull();
    expect(flagged.adaptive!).toBeLessThanOrEqual(flagged.full!);
    expect(partialPolls).toBe(12);
    // Both small domains left backoff / paused on a partial poll, outside every partial list.
    expect(leftUnseen).toBeGreaterThanOrEqual(2);
    const health = adaptive.nodes[0]!.poller.health();
    expect(health.state).toBe('ok');
    expect(health.queueList).toMatchObject({ mode: 'adaptive', fallback: null });
    // Cheaper for the node: fewer bytes asked for over the same polls.
    expect(adaptive.nodes[0]!.poller.upstreamBytes).toBeLessThan(full.nodes[0]!.poller.upstreamBytes * 0.6);
  }, 60_000);

  it('falls back to full polls, said in node health, when the node ignores a filter', async () => {
    for (const ignored of ['mode', 'paused', 'maxitems'] as const) {
      const s = await sim({ ignoredQueueFilters: [ignored] });
      const f = fleet(s.url, true);
      const p = f.nodes[0]!.poller;
      await f.pollAll(); // full
      s.advance(10);
      const o = await f.pollAll();
      expect(o[0]!.ok).toBe(true);
      // The partial reply was refused and the full list fetched in the same poll.
      expect(p.snapshot.queues!.columns.seenAt).toBeUndefined();
      if (ignored !== 'maxitems') expect(p.snapshot.queues!.count, ignored).toBe(s.state().queues.total);
      const h = p.health();
      expect(h.queueList?.mode, ignored).toBe('full');
      expect(h.queueList?.fallback?.reason, ignored).toMatch(
        ignored === 'maxitems'
          ? /maxitems ignored|as large as the full list/
          : new RegExp(`${ignored === 'mode' ? 'mode=backoff' : 'paused=yes'} list includes .*filter ignored|as large as the full list`),
      );
      // And stays on full lists.
      s.advance(10);
      await f.pollAll();
      expect(p.snapshot.queues!.columns.seenAt).toBeUndefined();
    }
  }, 60_000);

  it('fetches the full list, without falling back, when the parse worker lost the kept table', async () => {
    const s = await sim();
    const own = new ParsePool();
    try {
      const f = fleet(s.url, true, own);
      const p = f.nodes[0]!.poller;
      await f.pollAll();
      s.advance(10);
      await f.pollAll();
      expect(p.snapshot.queues!.columns.seenAt).toBeDefined(); // a merged partial poll
      await own.endWorker(); // the worker ends; the next request starts a fresh one, without bases
      s.advance(10);
      expect((await f.pollAll())[0]!.ok).toBe(true);
      expect(p.snapshot.queues!.columns.seenAt).toBeUndefined();
      expect(p.health().queueList).toMatchObject({ mode: 'adaptive', fallback: null });
      s.advance(10);
      await f.pollAll();
      expect(p.snapshot.queues!.columns.seenAt).toBeDefined(); // partial again
    } finally {
      await own.close();
    }
  }, 60_000);
});
