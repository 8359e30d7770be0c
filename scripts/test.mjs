#!/usr/bin/env node
// `npm test`: every check the project has, in order, with one closing line
// `N passed, N failed` that counts all suites (lint, types and build count as one check each;
// vitest and Playwright count their own tests). A step that fails does not stop the later
// ones that can still run, so one red run shows everything that is wrong.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const out = mkdtempSync(path.join(tmpdir(), 'pmta-console-test-'));
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
const only = new Set(process.argv.slice(2)); // e.g. `npm test -- unit e2e`
const results = [];

function run(name, cmd, args, extraEnv = {}) {
  console.log(`\n━━ ${name}: ${cmd} ${args.join(' ')}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...env, ...extraEnv } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`━━ ${name}: exit ${r.status ?? r.signal} in ${seconds}s`);
  return r.status === 0;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function step(name, fn) {
  if (only.size && !only.has(name)) return;
  results.push({ name, ...fn() });
}

const bin = (b) => path.join(root, 'node_modules', '.bin', b);

/** Test files (vitest's include folders) whose source imports a module path containing `needle`. */
function testFilesImporting(needle) {
  const found = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.test.ts') && readFileSync(p, 'utf8').includes(needle)) found.push(path.relative(root, p));
    }
  };
  for (const d of ['app', 'lib', 'components', 'scripts', 'sim']) if (existsSync(path.join(root, d))) walk(path.join(root, d));
  return found.sort();
}

step('lint', () => {
  const ok = run('lint', bin('eslint'), ['.', '--max-warnings=0']);
  // Formatting is checked, never fixed, here: `npm run format` writes it.
  const formatted = run('format', bin('prettier'), ['--check', '.']);
  return { passed: (ok ? 1 : 0) + (formatted ? 1 : 0), failed: (ok ? 0 : 1) + (formatted ? 0 : 1) };
});

step('types', () => {
  const ok = run('types', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
  return { passed: ok ? 1 : 0, failed: ok ? 0 : 1 };
});

step('unit', () => {
  // The alert tests start Debian's Alertmanager and lint with promtool (installed when missing).
  if (!run('prometheus-tools', 'bash', [path.join(root, 'scripts/ensure-prometheus-tools.sh')])) {
    return { passed: 0, failed: 1, note: 'no Alertmanager/promtool' };
  }
  // The store tests run on a throw-away PostgreSQL cluster too (installed when missing).
  if (!run('postgresql', 'bash', [path.join(root, 'scripts/ensure-postgresql.sh')])) {
    return { passed: 0, failed: 1, note: 'no PostgreSQL server binaries' };
  }
  const file = path.join(out, 'vitest.json');
  const ok = run('unit', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`]);
  const j = readJson(file);
  if (!j) return { passed: 0, failed: 1, note: 'vitest wrote no report' };
  const failed = j.numFailedTests + (ok || j.numFailedTests ? 0 : 1);
  return { passed: j.numPassedTests, failed, skipped: j.numPendingTests + j.numTodoTests };
});

// The tests that build a console runtime (route handlers, the proxy, alerts, accounting
// sources: lib/runtime/__fixtures__/test-runtime.ts) run again with that runtime's store on
// the throw-away PostgreSQL (PMTA_TEST_STORE=postgres); the store tests already run on both.
step('unit-pg', () => {
  const files = testFilesImporting('__fixtures__/test-runtime');
  if (files.length === 0) return { passed: 0, failed: 1, note: 'no test builds a runtime: the file scan is broken' };
  const file = path.join(out, 'vitest-pg.json');
  const ok = run('unit-pg', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`, ...files], {
    PMTA_TEST_STORE: 'postgres',
  });
  const j = readJson(file);
  if (!j) return { passed: 0, failed: 1, note: 'vitest wrote no report' };
  const failed = j.numFailedTests + (ok || j.numFailedTests ? 0 : 1);
  return { passed: j.numPassedTests, failed, skipped: j.numPendingTests + j.numTodoTests };
});

let built = false;
step('build', () => {
  built = run('build', bin('next'), ['build']);
  return { passed: built ? 1 : 0, failed: built ? 0 : 1 };
});

// The browser suite runs twice: on the embedded SQLite store, and with the store on a
// throw-away PostgreSQL cluster the e2e console starts for itself (E2E_STORE=postgres).
for (const store of ['sqlite', 'postgres']) {
  const name = store === 'sqlite' ? 'e2e' : 'e2e-pg';
  step(name, () => {
    if (!built && !only.has(name) && existsSync(path.join(root, '.next')) === false) {
      return { passed: 0, failed: 1, note: 'not run: the build failed' };
    }
    if (!run('chromium', 'bash', [path.join(root, 'scripts/ensure-chromium.sh')])) {
      return { passed: 0, failed: 1, note: 'no Chromium' };
    }
    const file = path.join(out, `playwright-${store}.json`);
    const ok = run(name, bin('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: file, E2E_STORE: store });
    const j = readJson(file);
    if (!j?.stats) return { passed: 0, failed: 1, note: 'playwright wrote no report' };
    const s = j.stats;
    const failed = s.unexpected + (ok || s.unexpected ? 0 : 1);
    return { passed: s.expected + s.flaky, failed, skipped: s.skipped };
  });
}

console.log('\n━━ summary');
let passed = 0;
let failed = 0;
let skipped = 0;
for (const r of results) {
  passed += r.passed;
  failed += r.failed;
  skipped += r.skipped ?? 0;
  console.log(`  ${r.name.padEnd(6)} ${r.passed} passed, ${r.failed} failed${r.note ? ` (${r.note})` : ''}`);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
