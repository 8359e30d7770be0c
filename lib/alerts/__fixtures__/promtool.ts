// Prometheus' own linter (Debian package `prometheus`), for the exposition and rules tests.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const PROMTOOL = process.env.PROMTOOL_BIN ?? '/usr/bin/promtool';

/** `promtool check metrics` (exposition on stdin): exit status and everything it printed. */
export function checkMetrics(text: string): { status: number | null; output: string } {
  const r = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}`.trim() };
}

/** `promtool check rules <file>`. */
export function checkRules(yaml: string): { status: number | null; output: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'pmta-rules-'));
  try {
    const file = path.join(dir, 'rules.yaml');
    writeFileSync(file, yaml);
    const r = spawnSync(PROMTOOL, ['check', 'rules', file], { encoding: 'utf8' });
    return { status: r.status, output: `${r.stdout}${r.stderr}`.trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
