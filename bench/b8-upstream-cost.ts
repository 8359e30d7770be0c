// B8: what polling costs the PowerMTA node — bytes requested from one 100k-queue node per
// minute at a 10 s interval, and the node-side work that implies (queue entries it serialises
// per minute). Two real pollers (lib/fleet/node-poller.ts, one parse worker) poll the same
// simulated node at the same simulated moments, through the real client; the simulator is
// advanced 10 s between polls.
//
// Figure: the poller in adaptive mode (`poll.adaptive`: every interval /status, the queues in
// backoff (`mode=backoff`), the paused ones (`paused=yes`) and the top N by recipients
// (`sort=rcpt` + maxitems), merged into the last full table by the parse worker; the full list
// every M-th interval). Baseline (same run): the poller's default, the full list every interval.
// Bytes are counted where the poller receives them (its client's replies).
import { startSimNode } from '@/sim';
import { createPmtaClient } from '@/lib/pmta/client';
import { NodePoller, type RawFetcher } from '@/lib/fleet/node-poller';
import { ParsePool } from '@/lib/fleet/parse-pool';
import { fmt, median, ratioResult, type BenchResult } from './lib/result';

const QUEUES = 100_000;
const INTERVAL_S = 10;
const TOP_N = 1000;
const FULL_EVERY = 6;
/** Simulated minutes polled (each one full list and FULL_EVERY − 1 partial polls in adaptive mode). */
const MINUTES = 2;

export async function b8(): Promise<BenchResult[]> {
  const sim = await startSimNode({ id: 'b8', tickMs: 0, queues: QUEUES, seed: 8, startTime: '2026-11-26T10:00:00Z' });
  const pool = new ParsePool();
  try {
    // Something in backoff and something paused, as on a busy node.
    sim.startBackoff('gmail.com/*', 'gmail', 3600);
    sim.command('pause queue aol.com/*');
    // The real client (one per poller, as two consoles would have), counting what the node had
    // to serialise (queue entries in each reply).
    const counting = () => {
      const client = createPmtaClient({ url: sim.url, apiKey: sim.apiKey, timeoutMs: 120_000, maxBytes: 1 << 30 });
      const c = { bytes: 0, entries: 0 };
      const fetcher: RawFetcher = {
        fetchBytes: async (path, params, signal) => {
          const r = await client.fetchBytes(path, params, signal);
          c.bytes += r.body.length;
          c.entries += (r.body.toString('latin1').match(/"name":|<queue>|<queue /g) ?? []).length;
          return r;
        },
        // The full list is streamed into the parse worker (stream-queues.ts): counted as it passes.
        streamBytes: (path, params, open, signal) =>
          client.streamBytes(
            path,
            params,
            (format, declared) => {
              const sink = open(format, declared);
              return {
                ready: sink.ready,
                take: (chunk) => {
                  c.bytes += chunk.length;
                  c.entries += (chunk.toString('latin1').match(/"name":|<queue>|<queue /g) ?? []).length;
                  sink.take(chunk);
                },
              };
            },
            signal,
          ),
      };
      return { c, fetcher };
    };
    const full = counting();
    const adaptive = counting();
    const intervalMs = INTERVAL_S * 1000;
    const fullPoller = new NodePoller('b8-full', full.fetcher, pool, intervalMs);
    const adaptivePoller = new NodePoller('b8-adaptive', adaptive.fetcher, pool, intervalMs, Date.now, { enabled: true, fullEvery: FULL_EVERY, topN: TOP_N });
    const ms = { full: [] as number[], partial: [] as number[], adaptiveFull: [] as number[] };
    const polls = (MINUTES * 60) / INTERVAL_S;
    // The simulator runs in this process: while it writes a 15 MB reply its event loop is busy,
    // and a kept-alive socket can be reset under a loaded machine. A failed poll is polled again
    // once (its bytes still count) and reported.
    const retried: string[] = [];
    const poll = async (p: NodePoller) => {
      const o = await p.pollNow();
      if (o.ok) return o;
      retried.push(`${p.nodeId}: ${p.health().message}`);
      const again = await p.pollNow();
      if (!again.ok) throw new Error(`poll failed twice: ${JSON.stringify(p.health())}`);
      return again;
    };
    for (let i = 0; i < polls; i++) {
      sim.advance(INTERVAL_S);
      const f = await poll(fullPoller);
      const a = await poll(adaptivePoller);
      ms.full.push(f.ms);
      (a.snapshot.queues?.columns.seenAt ? ms.partial : ms.adaptiveFull).push(a.ms);
    }
    const mode = adaptivePoller.health().queueList;
    const perMin = (n: number) => n / MINUTES;
    const table = adaptivePoller.snapshot.queues!;
    return [
      ratioResult({
        id: 'B8',
        name: `upstream bytes per minute from one ${QUEUES / 1000}k-queue node at ${INTERVAL_S} s (poller in adaptive mode: top ${TOP_N} + backoff + paused, full every ${FULL_EVERY})`,
        figure: perMin(adaptive.c.bytes) / 2 ** 20,
        unit: 'MiB/min',
        baseline: { name: 'full list every interval', value: perMin(full.c.bytes) / 2 ** 20, unit: 'MiB/min' },
        target: '≤ 25 % of the full-list bytes',
        // A node that fell back to full polls has not run the adaptive mode: no pass.
        limit: mode?.mode === 'adaptive' ? (0.25 * full.c.bytes) / MINUTES / 2 ** 20 : 0,
        notes: [
          `${fmt((100 * adaptive.c.bytes) / full.c.bytes)} % of the full-list bytes; node-side work: ${fmt(perMin(adaptive.c.entries), 0)} queue entries serialised per minute (full: ${fmt(perMin(full.c.entries), 0)})`,
          `${polls} polls each over ${MINUTES} simulated minutes; poller mode at the end: ${mode?.mode}${mode?.fallback ? ` (fell back: ${mode.fallback.reason})` : ''}; merged table ${table.count} queues, ${table.modeCounts().backoff} in backoff, ${table.modeCounts().paused} paused`,
          ...(retried.length ? [`polls retried after a transport failure: ${retried.join('; ')}`] : []),
          `poll time (fetch + parse or merge in the worker), median: full list ${fmt(median(ms.full), 0)} ms, adaptive partial poll ${fmt(median(ms.partial), 0)} ms, adaptive full poll ${fmt(median(ms.adaptiveFull), 0)} ms`,
        ],
      }),
    ];
  } finally {
    await pool.close();
    await sim.stop();
  }
}
