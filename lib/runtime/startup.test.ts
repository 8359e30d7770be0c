// A store that cannot be prepared stops the console at start-up, within seconds, with a
// message naming store.path and the OS error (not a hang, not a console answering 500s).
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'pmta-startup-'));
afterAll(() => {
  chmodSync(path.join(dir, 'locked'), 0o700);
  rmSync(dir, { recursive: true, force: true });
});

interface Outcome {
  code: number | null;
  stderr: string;
  /** From the child's "starting" line to its exit. */
  ms: number;
}

function startWith(storePath: string): Promise<Outcome> {
  const cfg = path.join(dir, `${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(cfg, `nodes:\n  - id: a\n    url: http://127.0.0.1:9\nstore:\n  path: ${JSON.stringify(storePath)}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'lib/runtime/__fixtures__/start-console.ts'], {
      cwd: root,
      env: { ...process.env, PMTA_CONSOLE_CONFIG: cfg, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let startedAt = 0;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      if (!startedAt && d.toString().includes('starting')) startedAt = Date.now();
    });
    const kill = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(kill);
      resolve({ code, stderr, ms: startedAt ? Date.now() - startedAt : Infinity });
    });
  });
}

const isRoot = process.getuid?.() === 0;

describe('start-up with a store that cannot be prepared', () => {
  const cases: [string, () => string, RegExp][] = [
    ['a path under /proc (recursive mkdir loops forever there)', () => '/proc/pmta-console/x/console.db', /ENOENT/],
    [
      'a parent that is a file, not a directory',
      () => {
        writeFileSync(path.join(dir, 'plain-file'), 'x');
        return path.join(dir, 'plain-file', 'sub', 'console.db');
      },
      /ENOTDIR/,
    ],
    [
      'a store path that is a directory',
      () => {
        mkdirSync(path.join(dir, 'is-a-dir.db'), { recursive: true });
        return path.join(dir, 'is-a-dir.db');
      },
      /directory|unable to open|SQLITE_CANTOPEN/i,
    ],
  ];
  if (!isRoot) {
    cases.push([
      'an unwritable directory',
      () => {
        mkdirSync(path.join(dir, 'locked'), { recursive: true });
        chmodSync(path.join(dir, 'locked'), 0o500);
        return path.join(dir, 'locked', 'sub', 'console.db');
      },
      /EACCES/,
    ]);
  } else mkdirSync(path.join(dir, 'locked'), { recursive: true });

  for (const [name, storePath, osError] of cases) {
    it(`${name}: exits non-zero within 5 s naming store.path and the OS error`, async () => {
      const p = storePath();
      const r = await startWith(p);
      expect(r.code, r.stderr).toBe(73);
      expect(r.ms).toBeLessThan(5000);
      expect(r.stderr).toContain(`store.path ${JSON.stringify(p)}`);
      expect(r.stderr).toMatch(osError);
    }, 30_000);
  }
});
