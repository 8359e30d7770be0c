// `npm run bench [-- B1 B4 …] [--save]`: runs the benchmarks (all by default), prints the table
// and writes it to bench/results/runs/<time>.{md,json} (ignored by git, so an ad-hoc run never
// dirties the tree); `--save` writes the committed bench/results/last.{md,json} instead, which
// the README quotes. Loopback only; every loop is bounded.
import path from 'node:path';
import os from 'node:os';
import { printTable, runInfo, writeResults } from './lib/report';
import type { BenchResult } from './lib/result';
import { BENCH_DIR } from './lib/upstream';

const ALL: Record<string, () => Promise<BenchResult[]>> = {
  B1: async () => (await import('./b1-parse')).b1(),
  B2: async () => (await import('./b2-event-loop')).b2(),
  B3: async () => (await import('./b3-upstream-requests')).b3(),
  B4: async () => (await import('./b4-queue-api')).b4(),
  B5: async () => (await import('./b5-stalled-fleet')).b5(),
  B6: async () => (await import('./b6-memory')).b6(),
  B7: async () => (await import('./b7-browser')).b7(),
  B8: async () => (await import('./b8-upstream-cost')).b8(),
  B9: async () => (await import('./b9-first-data')).b9(),
  B10: async () => (await import('./b10-many-browsers')).b10(),
  B11: async () => (await import('./b11-accounting-ingest')).b11(),
  B12: async () => (await import('./b12-history-cost')).b12(),
  B13: async () => (await import('./b13-replicas')).b13(),
};

const args = process.argv.slice(2);
const save = args.includes('--save');
const wanted = args.filter((a) => a !== '--save').map((a) => a.toUpperCase());
const ids = wanted.length ? wanted : Object.keys(ALL);
const unknown = ids.filter((id) => !ALL[id]);
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(ALL).join(' ')}`);
  process.exit(2);
}

const info = runInfo();
console.log(`${info.machine}, load ${info.loadBefore.map((l) => l.toFixed(2)).join(' ')}`);
const results: BenchResult[] = [];
for (const id of ids) {
  const t = performance.now();
  console.log(`\n== ${id}`);
  try {
    const r = await ALL[id]!();
    results.push(...r);
    printTable(r);
  } catch (e) {
    console.error(`${id} failed:`, e);
    results.push({
      id,
      name: 'failed to run',
      figure: NaN,
      unit: '',
      target: '–',
      ratioToTarget: Infinity,
      pass: false,
      notes: [String(e instanceof Error ? e.message : e)],
    });
  }
  console.log(`(${id} took ${((performance.now() - t) / 1000).toFixed(0)} s)`);
}
console.log('\n== all');
printTable(results);
const written = save
  ? writeResults(path.join(BENCH_DIR, 'results'), 'last', { ...info, loadAfter: os.loadavg() }, results)
  : writeResults(path.join(BENCH_DIR, 'results', 'runs'), info.startedAt.replace(/[:.]/g, '-'), { ...info, loadAfter: os.loadavg() }, results);
console.log(
  `\nwritten to ${path.relative(process.cwd(), written)}${save ? '' : ' (pass --save to update bench/results/last.md)'} (load after: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')})`,
);
process.exit(results.every((r) => r.pass) ? 0 : 1);
