// B8: what polling costs the PowerMTA node — bytes requested from one 100k-queue node per
// minute at a 10 s interval, and the node-side work that implies (queue entries it serialises
// per minute). Measured against the simulator through the real client (fetchBytes, the
// poller's parameters), the simulator advanced 10 s between polls.
//
// Figure: the adaptive plan of issue 16 — every interval /status, the queues in backoff
// (`mode=backoff`), the paused ones (`paused=yes`) and the top N by recipients (`sort=rcpt`
// + maxitems), the full list every M-th interval — as that request set costs on the node.
// Baseline (same run): the full list every interval (what the poller does today).
// The filters are the ones PowerMTA documents for /queues (powermta-api.md §2: S3 UI, S11 PHP
// wrapper; CLI `show queues --paused --mode --maxitems --sort`, guide §6.1), whose HTTP spellings
// in 5.x are unconfirmed; "queues with errors" has no documented filter, so it is not asked for.
// NOTE: the poller does not implement this mode yet (see README, Performance / B8): this is
// the cost of the request plan, not of a console running it.
import { startSimNode } from '@/sim';
import { createPmtaClient } from '@/lib/pmta/client';
import { ALL_QUEUES_PARAMS } from '@/lib/fleet/node-poller';
import { listParams } from '@/lib/pmta/list-params';
import { fmt, ratioResult, type BenchResult } from './lib/result';

const QUEUES = 100_000;
const INTERVAL_S = 10;
const TOP_N = 1000;
const FULL_EVERY = 6;

export async function b8(): Promise<BenchResult[]> {
  const sim = await startSimNode({ id: 'b8', tickMs: 0, queues: QUEUES, seed: 8, startTime: '2026-11-26T10:00:00Z' });
  try {
    // Something in backoff and something paused, as on a busy node.
    sim.startBackoff('gmail.com/*', 'gmail', 3600);
    const client = createPmtaClient({ url: sim.url, apiKey: sim.apiKey, timeoutMs: 120_000, maxBytes: 1 << 30 });
    const cost = async (path: string, params: Record<string, string>) => {
      const r = await client.fetchBytes(path, params);
      const text = r.body.toString('utf8');
      // Queue entries in the reply (JSON or XML): what the node had to serialise.
      const entries = (text.match(/"name":|<queue>|<queue /g) ?? []).length;
      return { bytes: r.body.length, entries };
    };
    const perMinute = 60 / INTERVAL_S;
    let full = { bytes: 0, entries: 0 };
    let adaptive = { bytes: 0, entries: 0 };
    const add = (a: typeof full, b: typeof full) => ({ bytes: a.bytes + b.bytes, entries: a.entries + b.entries });
    let partialBytes = 0;
    for (let i = 0; i < perMinute; i++) {
      sim.advance(INTERVAL_S);
      const status = await cost('/status', {});
      const all = await cost('/queues', { ...ALL_QUEUES_PARAMS });
      full = add(add(full, status), all);
      if (i % FULL_EVERY === 0) adaptive = add(add(adaptive, status), all);
      else {
        let poll = status;
        for (const p of [{ mode: 'backoff' }, { paused: 'yes' }, { sort: 'rcpt', ...listParams(TOP_N) }] as Record<string, string>[])
          poll = add(poll, await cost('/queues', { ...listParams(), sort: 'rcpt', ...p }));
        adaptive = add(adaptive, poll);
        partialBytes = poll.bytes;
      }
    }
    return [
      ratioResult({
        id: 'B8',
        name: `upstream bytes per minute from one ${QUEUES / 1000}k-queue node at ${INTERVAL_S} s (adaptive plan: top ${TOP_N} + backoff + paused, full every ${FULL_EVERY})`,
        figure: adaptive.bytes / 2 ** 20,
        unit: 'MiB/min',
        baseline: { name: 'full list every interval', value: full.bytes / 2 ** 20, unit: 'MiB/min' },
        target: '≤ 25 % of the full-list bytes',
        limit: (0.25 * full.bytes) / 2 ** 20,
        notes: [
          `node-side work: ${adaptive.entries} queue entries serialised per minute (full: ${full.entries}); one partial poll ${fmt(partialBytes / 1024, 0)} KiB`,
          `request plan only: the poller's adaptive mode is not implemented yet`,
        ],
      }),
    ];
  } finally {
    await sim.stop();
  }
}
