// Starts a simulated PowerMTA fleet and the console against it: `npm run demo`, and the
// end-to-end tests' web server. It writes an ordinary configuration file for the fleet and
// points the console at it, so demo mode runs exactly the code a real deployment runs.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { stringify } from 'yaml';
import { startSimFleet } from '../sim';
import { demoConfigExtras } from './demo-config';
import { startPostgresCluster } from '../lib/store/__fixtures__/postgres-cluster';

const root = path.resolve(import.meta.dirname, '..');
function parseOptions<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    process.exit(2);
  }
}

const USAGE = `Usage: npm run demo -- [options]

Starts a simulated PowerMTA fleet and the console against it (demo mode).

Options (defaults in brackets):
  --port <n>               console port [$PORT or 3000]
  --sim-base-port <n>      first simulated node's port; the others follow [18080]
  --nodes <n>              number of simulated nodes [3]
  --speed <x>              simulated time per real second [1]
  --inject-rate <n>        messages injected per second per node [40]
  --episodes-per-hour <n>  random backoff episodes per hour [12]
  --no-kickoff             no Gmail backoff episode 20 s after start [kickoff on]
  --seed <n>               random seed of the simulation [1]
  --data-dir <dir>         configuration, database and accounting files [.data/demo]
  --poll-seconds <n>       console poll interval [5]
  --fresh                  delete the data directory first
  --build <when>           next build: always | if-needed | never [if-needed]
  --dev                    run \`next dev\` instead of \`next start\`
  --postgres               keep the store on PostgreSQL: the URL from $PMTA_CONSOLE_DATABASE_URL
  --throwaway-postgres     start a throw-away PostgreSQL cluster on 127.0.0.1 for this run
                           and keep the store there (removed on exit; the e2e run on PostgreSQL)
  -h, --help               print this and exit`;

// A mistyped option prints the options instead of a stack trace.
const { values: opt } = parseOptions({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '3000' },
    'sim-base-port': { type: 'string', default: '18080' },
    nodes: { type: 'string', default: '3' },
    // Real time by default, so the times PowerMTA reports match the clock on the wall;
    // liveliness comes from the injection rate and frequent backoff episodes instead.
    speed: { type: 'string', default: '1' },
    'inject-rate': { type: 'string', default: '40' },
    'episodes-per-hour': { type: 'string', default: '12' },
    // Start one Gmail backoff episode shortly after start, so a fresh demo shows a backing-up
    // domain within a minute instead of whenever chance produces one.
    kickoff: { type: 'boolean', default: true },
    'no-kickoff': { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    'data-dir': { type: 'string', default: '.data/demo' },
    'poll-seconds': { type: 'string', default: '5' },
    fresh: { type: 'boolean', default: false },
    build: { type: 'string', default: 'if-needed' }, // always | if-needed | never
    dev: { type: 'boolean', default: false },
    postgres: { type: 'boolean', default: false },
    'throwaway-postgres': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (opt.help) {
  console.log(USAGE);
  process.exit(0);
}

const dataDir = path.resolve(root, opt['data-dir']!);
if (opt.fresh) rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });

// The same console on PostgreSQL: a given server, or a cluster of its own that lives exactly as
// long as this process (the test harness's, so `npm test` runs the browser suite on both
// backends without a server to set up).
const DATABASE_URL_ENV = 'PMTA_CONSOLE_DATABASE_URL';
const throwaway = opt['throwaway-postgres'] ? await startPostgresCluster('console_e2e') : null;
if (throwaway) {
  process.env[DATABASE_URL_ENV] = throwaway.url;
  process.once('exit', () => throwaway.stop());
  console.log(`[store] throw-away PostgreSQL on 127.0.0.1:${throwaway.port}`);
}
if ((opt.postgres || throwaway) && !process.env[DATABASE_URL_ENV]) {
  console.error(`--postgres: set ${DATABASE_URL_ENV} to the PostgreSQL URL (postgres://user:password@host:5432/database)`);
  process.exit(2);
}
const sqliteFile = path.join(dataDir, 'console.sqlite');
const store = opt.postgres || throwaway ? { kind: 'postgres', path: sqliteFile, postgres: { urlEnv: DATABASE_URL_ENV } } : { path: sqliteFile };

const fleet = await startSimFleet({
  nodes: Number(opt.nodes),
  basePort: Number(opt['sim-base-port']),
  seed: Number(opt.seed),
  speed: Number(opt.speed),
  injectRate: Number(opt['inject-rate']),
  episodesPerHour: Number(opt['episodes-per-hour']),
  acctRoot: path.join(dataDir, 'acct'),
});
if (opt.kickoff && !opt['no-kickoff']) {
  setTimeout(() => fleet.nodes[0]?.startBackoff('gmail.com/*', 'gmail', 15 * 60), 20_000).unref();
}
for (const n of fleet.nodes) console.log(`[sim] ${n.id} at ${n.url}`);

const configFile = path.join(dataDir, 'pmta-console.yaml');
const config = {
  pollIntervalSeconds: Number(opt['poll-seconds']),
  nodes: fleet.nodes.map((n) => ({ id: n.id, name: n.id.toUpperCase(), url: n.url, apiKey: n.apiKey, tags: ['simulated'] })),
  store,
  ...demoConfigExtras(fleet.nodes.map((n) => ({ id: n.id, acctDir: n.acctDir }))),
};
writeFileSync(configFile, `# Generated by scripts/console-with-sim.ts for the simulated fleet.\n${stringify(config)}`, { mode: 0o600 });
console.log(`[console] configuration written to ${path.relative(root, configFile)}`);

const env = { ...process.env, PMTA_CONSOLE_CONFIG: configFile, PMTA_CONSOLE_DEMO: '1', NEXT_TELEMETRY_DISABLED: '1' };
const next = path.join(root, 'node_modules', '.bin', 'next');
const built = existsSync(path.join(root, process.env.NEXT_DIST_DIR || '.next', 'BUILD_ID'));
if (!opt.dev && (opt.build === 'always' || (opt.build === 'if-needed' && !built))) {
  console.log('[console] building (next build)…');
  const b = spawnSync(next, ['build'], { cwd: root, stdio: 'inherit', env });
  if (b.status !== 0) {
    await fleet.stop();
    process.exit(b.status ?? 1);
  }
}

const child = spawn(next, [opt.dev ? 'dev' : 'start', '-p', opt.port!, '-H', '127.0.0.1'], { cwd: root, stdio: 'inherit', env });
console.log(`[console] http://127.0.0.1:${opt.port} (demo mode: simulated fleet of ${fleet.nodes.length})`);

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  child.kill('SIGTERM');
  await fleet.stop();
  process.exit(code);
}
child.on('exit', (code) => void stop(code ?? 0));
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
