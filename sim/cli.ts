// `npm run sim -- [options]`: a fleet of simulated PowerMTA nodes (see sim/README.md).

import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startSimFleet } from './fleet';
import { parseAccessRule } from './http/auth';

const USAGE = `usage: npm run sim -- [options]
  --nodes N              nodes to start (default 3)
  --base-port P          node i listens on P+i (default 18080)
  --host H               bind address (default 127.0.0.1)
  --seed S               PRNG seed (default 1)
  --speed X              simulated seconds per real second (default 1)
  --tick-ms MS           real ms between simulation steps (default 1000; 0 = frozen clock)
  --version 5.0|4.5      PowerMTA version to imitate (default 5.0)
  --https                serve HTTPS with the bundled self-signed test cert (5.0 only)
  --api-key KEY          valid X-API-Key (repeatable; 32-128 chars [A-Za-z0-9_])
  --access CIDR=LEVEL    http-access rule, first match wins (repeatable; none|monitor|operator|admin)
                         default: 127.0.0.1/32=monitor and ::1/128=monitor
  --queues N             scale mode: N queues with recipients
  --acct-dir DIR         accounting files go to DIR/pmta<i> (default a temp dir per node)
  --acct-rotate-minutes M  rotate accounting files every M simulated minutes (default 60)
  --inject-rate R        recipients injected per simulated second per node (default 25)
  --episodes-per-hour E  random backoff episodes per simulated hour per node (default 2)
  --no-episodes          no random backoff episodes
  --tz-offset MINUTES    node local time = UTC + MINUTES (e.g. 540, -300, or 3 for a skewed clock)
  --strict-params        /queues and /domains honour only maxItems, list errors only with errors=
  --track-recipient-events   keep the last 50 recipient events per queue (PowerMTA default: off)
  --backoff-to-normal-after-delivery   one delivery in backoff returns a queue to normal (default: off)`;

function fail(msg: string): never {
  console.error(`sim: ${msg}\n${USAGE}`);
  process.exit(2);
}

function num(v: string | undefined, name: string, fallback: number, min = 0): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) fail(`--${name} must be a number >= ${min}`);
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        nodes: { type: 'string' },
        'base-port': { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        speed: { type: 'string' },
        'tick-ms': { type: 'string' },
        version: { type: 'string' },
        https: { type: 'boolean' },
        'api-key': { type: 'string', multiple: true },
        access: { type: 'string', multiple: true },
        queues: { type: 'string' },
        'acct-dir': { type: 'string' },
        'acct-rotate-minutes': { type: 'string' },
        'inject-rate': { type: 'string' },
        'no-episodes': { type: 'boolean' },
        'tz-offset': { type: 'string' },
        'strict-params': { type: 'boolean' },
        'track-recipient-events': { type: 'boolean' },
        'backoff-to-normal-after-delivery': { type: 'boolean' },
        'episodes-per-hour': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    fail((e as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const version = values.version ?? '5.0';
  if (version !== '5.0' && version !== '4.5') fail('--version must be 5.0 or 4.5');
  let access;
  try {
    access = values.access?.map(parseAccessRule);
  } catch (e) {
    fail((e as Error).message);
  }
  if (values['acct-dir']) mkdirSync(values['acct-dir'], { recursive: true });
  const tickMs = num(values['tick-ms'], 'tick-ms', 1000);
  const fleet = await startSimFleet({
    nodes: num(values.nodes, 'nodes', 3, 1),
    basePort: num(values['base-port'], 'base-port', 18080, 1),
    host: values.host ?? '127.0.0.1',
    seed: num(values.seed, 'seed', 1),
    speed: num(values.speed, 'speed', 1),
    tickMs,
    version,
    https: values.https ?? false,
    apiKeys: values['api-key'],
    access,
    queues: values.queues === undefined ? undefined : num(values.queues, 'queues', 0, 1),
    acctRoot: values['acct-dir'],
    acctRotateMinutes: num(values['acct-rotate-minutes'], 'acct-rotate-minutes', 60, 1),
    injectRate: num(values['inject-rate'], 'inject-rate', 25),
    randomEpisodes: values['no-episodes'] ? false : tickMs > 0,
    episodesPerHour: num(values['episodes-per-hour'], 'episodes-per-hour', 2),
    cleanupAcctDir: false,
    tzOffsetMinutes: num(values['tz-offset'], 'tz-offset', 0, -24 * 60),
    strictParams: values['strict-params'] ?? false,
    trackRecipientEvents: values['track-recipient-events'] ?? false,
    backoffToNormalAfterDelivery: values['backoff-to-normal-after-delivery'] ?? false,
  }).catch((e: unknown) => fail((e as Error).message));
  // Keep the ticker alive: node timers are unref'd so tests can exit; the servers hold the loop.
  console.log(`PowerMTA ${version} simulator: ${fleet.nodes.length} node(s)`);
  for (const n of fleet.nodes) console.log(`  ${n.id}  ${n.url}  X-API-Key: ${n.apiKey}  acct: ${n.acctDir}`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping`);
    fleet.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

void main();
