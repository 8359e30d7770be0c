// The real console for B3 and B7: a production build of the current tree in `.next-bench`
// (built once per bench run — a stale build would measure old code), served by `next start` on
// 127.0.0.1:3305, configured for the given upstream nodes the same way
// scripts/console-with-sim.ts configures the demo. BENCH_REUSE_BUILD=1 skips the build.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { demoUsersConfig } from '@/lib/auth/demo-users';
import { REPO, type UpstreamNode } from './upstream';

const CONSOLE_PORT = Number(process.env.E2E_PORT ?? 3305);
const DIST_DIR = process.env.NEXT_DIST_DIR ?? '.next-bench';
const DATA_DIR = path.resolve(REPO, process.env.E2E_DATA_DIR ?? '.data/bench');

export interface ConsoleServer {
  url: string;
  /** Process id of `next start` (for its CPU time). */
  pid: number;
  stop(): Promise<void>;
}

let built = false;

function ensureBuild(): void {
  if (built || (process.env.BENCH_REUSE_BUILD === '1' && existsSync(path.join(REPO, DIST_DIR, 'BUILD_ID')))) return;
  console.log(`  building the console into ${DIST_DIR} (next build)…`);
  const r = spawnSync(path.join(REPO, 'node_modules', '.bin', 'next'), ['build'], {
    cwd: REPO,
    env: { ...process.env, NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`next build into ${DIST_DIR} failed (exit ${r.status})`);
  built = true;
}

export async function startConsole(nodes: UpstreamNode[], pollSeconds: number): Promise<ConsoleServer> {
  ensureBuild();
  rmSync(DATA_DIR, { recursive: true, force: true });
  mkdirSync(DATA_DIR, { recursive: true });
  const configFile = path.join(DATA_DIR, 'pmta-console.yaml');
  const config = {
    pollIntervalSeconds: pollSeconds,
    nodes: nodes.map((n) => ({ id: n.id, url: n.url, apiKey: n.apiKey, timeoutMs: 60_000 })),
    store: { path: path.join(DATA_DIR, 'console.sqlite') },
    users: demoUsersConfig(),
  };
  writeFileSync(configFile, stringify(config), { mode: 0o600 });
  // BENCH_SERVER_PROF=dir: CPU profile of the console server, written when it stops.
  const prof = process.env.BENCH_SERVER_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SERVER_PROF}`] : [];
  const env = { ...process.env, NEXT_DIST_DIR: DIST_DIR, PMTA_CONSOLE_CONFIG: configFile, PMTA_CONSOLE_DEMO: '1', NEXT_TELEMETRY_DISABLED: '1' };
  const child: ChildProcess = spawn(
    process.execPath,
    [...prof, path.join(REPO, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', String(CONSOLE_PORT), '-H', '127.0.0.1'],
    { cwd: REPO, env, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const url = `http://127.0.0.1:${CONSOLE_PORT}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('console did not come up within 60 s');
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    url,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** Sign in as a demo user over HTTP; returns the Cookie header for API calls. */
export async function login(url: string, role = 'viewer'): Promise<string> {
  // The first request after start-up can meet a server still warming up: retry briefly.
  for (let attempt = 1; ; attempt++) {
    try {
      return await loginOnce(url, role);
    } catch (e) {
      if (attempt >= 5) throw e;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}

async function loginOnce(url: string, role: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ username: role, password: `${role}-demo` }),
    redirect: 'manual',
  });
  if (!res.ok) throw new Error(`login → ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
  return cookies.join('; ');
}
