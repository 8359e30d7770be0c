// `npm run soak`: the built console over a simulated fleet, on loopback only, under load and
// crashes. 200 clients for 60 s against the main API routes and pages; then `kill -9` of the
// console five times during an action and five times during polling, restarting each time.
// Prints errors, p99 latency, the server's RSS before/after, PRAGMA integrity_check, and
// whether every crashed action is `incomplete` after the restart. Data lives in .data/soak
// (ignored by git); it stops by itself. Needs `npx next build` first.
//   SOAK_CLIENTS=200 SOAK_SECONDS=60 SOAK_PORT=3245 SOAK_SIM_BASE_PORT=20050 npm run soak
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { stringify } from 'yaml';
import { startSimFleet } from '../sim';
import { demoConfigExtras } from './demo-config';

const root = path.resolve(import.meta.dirname, '..');
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 200);
const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const CRASHES = Number(process.env.SOAK_CRASHES ?? 5);
const PORT = Number(process.env.SOAK_PORT ?? 3245);
const BASE = `http://127.0.0.1:${PORT}`;
const dataDir = path.join(root, '.data', 'soak');
const dbFile = path.join(dataDir, 'console.sqlite');

if (!existsSync(path.join(root, process.env.NEXT_DIST_DIR || '.next', 'BUILD_ID'))) {
  console.error('soak: no build; run `npx next build` first');
  process.exit(1);
}
rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });

const fleet = await startSimFleet({
  nodes: 3,
  basePort: Number(process.env.SOAK_SIM_BASE_PORT ?? 20050),
  seed: 1,
  speed: 10,
  injectRate: 40,
  acctRoot: path.join(dataDir, 'acct'),
});
const configFile = path.join(dataDir, 'pmta-console.yaml');
writeFileSync(
  configFile,
  stringify({
    pollIntervalSeconds: 1,
    nodes: fleet.nodes.map((n) => ({ id: n.id, url: n.url, apiKey: n.apiKey })),
    store: { path: dbFile },
    log: { level: 'warn' },
    ...demoConfigExtras(fleet.nodes.map((n) => ({ id: n.id, acctDir: n.acctDir }))),
  }),
  { mode: 0o600 },
);

let server: ChildProcess | null = null;
async function startConsole(): Promise<void> {
  const next = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  server = spawn(process.execPath, [next, 'start', '-p', String(PORT), '-H', '127.0.0.1'], {
    cwd: root,
    env: { ...process.env, PMTA_CONSOLE_CONFIG: configFile, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('console did not start within 60 s');
}
function kill9(): Promise<void> {
  const s = server;
  return new Promise((resolve) => {
    if (!s || s.exitCode !== null) return resolve();
    s.once('exit', () => resolve());
    s.kill('SIGKILL');
  });
}
function rssMiB(): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server!.pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

interface Session {
  cookie: string;
  csrf: string;
}
async function login(user: string): Promise<Session> {
  const res = await fetch(`${BASE}/api/auth/login`, {
    method: 'POST',
    headers: { origin: BASE, 'content-type': 'application/json' },
    body: JSON.stringify({ username: user, password: `${user}-demo` }),
  });
  if (!res.ok) throw new Error(`login ${user}: ${res.status}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

const TARGETS = [
  '/api/overview',
  '/api/nodes',
  '/api/queues?limit=100',
  '/api/queues?q=gmail&sort=kb',
  '/api/domains/gmail.com',
  '/api/vmtas',
  '/api/backoff',
  '/api/metrics',
  '/api/history?metric=rate.out.rcp&from=now-1h',
  '/api/bounces',
  '/api/audit',
  '/api/health/ready',
  '/',
  '/queues',
  '/domains/gmail.com',
];

async function load(s: Session): Promise<{ requests: number; errors: number; errorsBy: Record<string, number>; p50: number; p99: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const byStatus = new Map<string, number>();
  const count = (k: string) => byStatus.set(k, (byStatus.get(k) ?? 0) + 1);
  const end = Date.now() + SECONDS * 1000;
  const client = async (i: number) => {
    for (let k = i; Date.now() < end; k++) {
      const t0 = performance.now();
      try {
        const res = await fetch(`${BASE}${TARGETS[k % TARGETS.length]}`, { headers: { cookie: s.cookie } });
        await res.arrayBuffer();
        if (res.status !== 200) {
          errors++;
          count(String(res.status));
        }
      } catch (e) {
        errors++;
        count((e as Error & { cause?: { code?: string } }).cause?.code ?? (e as Error).name);
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
  latencies.sort((a, b) => a - b);
  const q = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN);
  return { requests: latencies.length, errors, errorsBy: Object.fromEntries(byStatus), p50: q(0.5), p99: q(0.99) };
}

function auditStates(): Map<number, string> {
  const db = new Database(dbFile, { readonly: true });
  try {
    return new Map((db.prepare('SELECT id, state FROM audit_entries').all() as { id: number; state: string }[]).map((r) => [r.id, r.state]));
  } finally {
    db.close();
  }
}

const summary: Record<string, unknown> = { clients: CLIENTS, seconds: SECONDS };
try {
  await startConsole();
  await new Promise((r) => setTimeout(r, 3000)); // a few polls in
  const viewer = await login('viewer');
  summary.rssBeforeMiB = rssMiB();
  Object.assign(summary, await load(viewer));
  summary.rssAfterMiB = rssMiB();

  // kill -9 during an action: the request is sent, and the console dies as soon as its audit
  // row appears (it is written before anything is sent to a node), or after 3 s at most.
  let crashedActions = 0;
  let actionRowsStarted = 0;
  for (let i = 0; i < CRASHES; i++) {
    const op = await login('operator');
    const before = auditStates();
    const body = { action: i % 2 ? 'resume' : 'pause', pattern: 'gmail.com/*', nodes: 'all', confirm: 'gmail.com/*', reason: `soak crash ${i}` };
    const sent = fetch(`${BASE}/api/actions`, {
      method: 'POST',
      headers: { cookie: op.cookie, origin: BASE, 'x-csrf-token': op.csrf, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).catch(() => null);
    for (let w = 0; w < 600 && auditStates().size === before.size; w++) await new Promise((r) => setTimeout(r, 5));
    await kill9();
    await sent;
    const fresh = [...auditStates()].filter(([id]) => !before.has(id));
    actionRowsStarted += fresh.filter(([, s]) => s === 'started').length;
    crashedActions += fresh.length;
    await startConsole();
    const after = auditStates();
    for (const [id] of fresh)
      if (after.get(id) !== 'incomplete' && after.get(id) !== 'completed') throw new Error(`audit #${id} is ${after.get(id)} after restart`);
  }
  const stillStarted = [...auditStates().values()].filter((s) => s === 'started').length;
  summary.actionCrashes = CRASHES;
  summary.auditRowsOfCrashedActions = crashedActions;
  summary.leftStartedAtCrash = actionRowsStarted;
  summary.startedAfterRestart = stillStarted;

  // kill -9 during polling (every second, so always mid-poll or about to be).
  for (let i = 0; i < CRASHES; i++) {
    await new Promise((r) => setTimeout(r, 1000 + Math.random() * 1000));
    await kill9();
    await startConsole();
  }
  summary.pollCrashes = CRASHES;
  const ready = await fetch(`${BASE}/api/health/ready`);
  summary.readyAfterCrashes = ready.status;
} finally {
  await kill9();
  await fleet.stop();
}
const db = new Database(dbFile, { readonly: true });
summary.integrityCheck = db.pragma('integrity_check', { simple: true });
db.close();
console.log(JSON.stringify(summary, null, 2));
const ok = summary.errors === 0 && summary.integrityCheck === 'ok' && summary.startedAfterRestart === 0 && summary.readyAfterCrashes === 200;
console.log(ok ? 'soak: ok' : 'soak: FAILED');
process.exit(ok ? 0 : 1);
