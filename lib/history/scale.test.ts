// Poll-path cost at scale: a 100k-queue node (20k domains × 5 vMTAs, some in backoff, some with
// errors) sampled into a WAL file. Asserts the row bounds; prints the timings (no timed
// assertions: CI machines vary).
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '@/lib/store/db';
import { SqliteHistoryStore } from './sqlite-store';
import { HistorySampler } from './sampler';
import { HistoryMaintenance } from './maintenance';
import { fakeStatus, fakeTable, snapshot, type Q } from '@/lib/history/__fixtures__/snapshots';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function queues(poll: number): Q[] {
  const out: Q[] = [];
  for (let d = 0; d < 20_000; d++) {
    for (let v = 1; v <= 5; v++) {
      const backoff = d % 100 === 0 && (poll + v) % 3 !== 0;
      out.push({
        domain: `tail-${String(d).padStart(6, '0')}.example`,
        vmta: `vmta-${v}`,
        rcp: (d * 7 + v * 13 + poll) % 50,
        backoff,
        error: d % 250 === 0 ? { time: `2026-01-01 00:00:${String(poll % 60).padStart(2, '0')}`, text: '421 try later' } : undefined,
      });
    }
  }
  return out;
}

describe('history writes at 100k queues', () => {
  it('bounds the rows per poll and reports the cost of one poll write', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'hist-scale-'));
    const db = openDatabase(path.join(dir, 'h.sqlite'));
    const store = new SqliteHistoryStore(db, {
      retention: { raw: 86_400_000, minute: 7 * 86_400_000, hour: 90 * 86_400_000 },
      pollIntervalMs: 10_000,
      gapMs: 30_000,
    });
    const sampler = new HistorySampler(store, { topDomainsPerNode: 500, queueSeriesDomains: 50, maxQueueRowsPerNode: 2000, gapMs: 30_000 });
    const T0 = 1_700_000_000_000;
    const times: number[] = [];
    const polls = 12;
    let batchRows = { domains: 0, queues: 0, events: 0 };
    for (let p = 0; p < polls; p++) {
      const table = fakeTable(queues(p));
      table.domainTotals(); // the read API computes this per snapshot anyway; measured separately below
      const t = performance.now();
      const b = sampler.sample('big', snapshot('big', T0 + p * 10_000, fakeStatus(p * 1000, p * 1000, 1_000_000), table));
      times.push(performance.now() - t);
      batchRows = { domains: b!.queues!.domains.length, queues: b!.queues!.queues.length, events: b!.events!.length };
    }
    expect(batchRows.domains).toBe(501); // top 500 + (other)
    expect(batchRows.queues).toBeLessThanOrEqual(2000);
    const big = fakeTable(queues(0));
    const tt = performance.now();
    big.domainTotals();
    const totalsMs = performance.now() - tt;
    const sorted = [...times.slice(1)].sort((a, b) => a - b);
    const maint = new HistoryMaintenance(store, { intervalMs: 60_000, pruneChunkRows: 5000, now: () => T0 + 10 * 60_000 });
    const run = await maint.runOnce();
    console.log(
      `[history] 100k queues: poll write median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, max ${sorted[sorted.length - 1]!.toFixed(1)} ms ` +
        `(rows/poll: ${batchRows.domains} domain, ${batchRows.queues} queue, ${batchRows.events} events; domainTotals ${totalsMs.toFixed(1)} ms); ` +
        `rollup ${run.rolledRows} rows in ${run.steps} steps, longest step ${run.longestStepMs.toFixed(1)} ms`,
    );
    expect(run.rolledRows).toBeGreaterThan(0);
    db.close();
  }, 120_000);
});
