// The results table: printed to the terminal and written to bench/results/last.{md,json}
// (the README's Performance section quotes last.md).
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fmt, type BenchResult } from './result';

export interface RunInfo {
  startedAt: string;
  machine: string;
  loadBefore: number[];
  loadAfter: number[];
  node: string;
}

export function runInfo(): Omit<RunInfo, 'loadAfter'> {
  const cpus = os.cpus();
  return {
    startedAt: new Date().toISOString(),
    machine: `${cpus.length}× ${cpus[0]?.model.trim() ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, ${os.type()} ${os.release()}`,
    loadBefore: os.loadavg(),
    node: process.version,
  };
}

function rows(results: BenchResult[]): string[][] {
  return results.map((r) => [
    r.id,
    r.name,
    `${fmt(r.figure, r.figure < 10 ? 2 : 1)} ${r.unit}`,
    r.baseline ? `${fmt(r.baseline.value, 1)} ${r.baseline.unit} (${r.baseline.name})` : '–',
    r.target,
    fmt(r.ratioToTarget, 2),
    r.pass ? 'pass' : 'MISS',
  ]);
}

const HEAD = ['id', 'benchmark', 'figure', 'baseline (same run)', 'target', 'figure/target', 'result'];

export function printTable(results: BenchResult[]): void {
  const all = [HEAD, ...rows(results)];
  const widths = HEAD.map((_, c) => Math.max(...all.map((r) => r[c]!.length)));
  for (const [i, r] of all.entries()) {
    console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  for (const r of results) for (const n of r.notes ?? []) console.log(`  ${r.id}: ${n}`);
}

/** Writes `<dir>/<name>.md` and `.json`; returns the .md path. */
export function writeResults(dir: string, name: string, info: RunInfo, results: BenchResult[]): string {
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
  const md = [
    `Run ${info.startedAt} on ${info.machine}, Node ${info.node}.`,
    `Load average (1/5/15 min) before: ${load(info.loadBefore)}; after: ${load(info.loadAfter)}.`,
    '',
    `| ${HEAD.join(' | ')} |`,
    `|${HEAD.map(() => '---').join('|')}|`,
    ...rows(results).map((r) => `| ${r.join(' | ')} |`),
    '',
    ...results.flatMap((r) => (r.notes ?? []).map((n) => `- ${r.id}: ${n}`)),
    '',
  ].join('\n');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.md`), md);
  writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify({ ...info, results }, null, 2)}\n`);
  return path.join(dir, `${name}.md`);
}
