// A throw-away PostgreSQL cluster for the tests: Debian's server binaries, a data directory
// under /tmp, listening on 127.0.0.1 only (no Unix socket), trust authentication for loopback
// TCP only, one database. `initdb` refuses to run as root, so as root the server runs as the
// `postgres` system user the Debian package creates. Missing binaries fail loudly: the
// PostgreSQL tests are part of `npm test` and are never skipped.
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Ports this project's tests may use for PostgreSQL (one worktree's share of the machine). */
const PORTS = (process.env.PMTA_TEST_PG_PORTS ?? '5450-5459').split('-').map(Number) as [number, number];

export interface PostgresCluster {
  /** postgres://postgres@127.0.0.1:<port>/<database> */
  url: string;
  port: number;
  dataDir: string;
  stop(): void;
}

/** The newest installed Debian server (`/usr/lib/postgresql/<major>/bin`), or PG_BIN. */
export function postgresBinDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const base = '/usr/lib/postgresql';
  const majors = existsSync(base) ? readdirSync(base).filter((d) => existsSync(path.join(base, d, 'bin', 'initdb'))) : [];
  majors.sort((a, b) => Number(b) - Number(a));
  if (!majors[0])
    throw new Error(
      'PostgreSQL server binaries not found under /usr/lib/postgresql/<major>/bin (or PG_BIN): the store tests run against a real PostgreSQL. ' +
        'Install it with `sudo apt-get install -y postgresql` (.ci/run does this when missing).',
    );
  return path.join(base, majors[0], 'bin');
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

async function freePort(): Promise<number> {
  for (let p = PORTS[0]; p <= PORTS[1]; p++) if (await portFree(p)) return p;
  throw new Error(`no free port for the test PostgreSQL in ${PORTS[0]}-${PORTS[1]}`);
}

const asRoot = process.getuid?.() === 0;

/** Run a server binary, as `postgres` when we are root; throws with its output on failure. */
function run(bin: string, args: string[]): void {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`${path.basename(bin)} ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr || r.stdout || r.error?.message}`);
}

export async function startPostgresCluster(database = 'console_test'): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pmta-console-pg-'));
  const remove = () => rmSync(dataDir, { recursive: true, force: true });
  try {
    if (asRoot) {
      const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
      const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
      if (id.status !== 0) throw new Error('running as root but there is no `postgres` system user to run the test cluster as (the Debian package creates it)');
      chownSync(dataDir, Number(id.stdout.trim()), Number(gid.stdout.trim()));
    }
    const pgdata = path.join(dataDir, 'data');
    run(path.join(bin, 'initdb'), ['-D', pgdata, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
    // Only loopback TCP, and nothing else: no socket, no other address.
    const hba = path.join(dataDir, 'pg_hba.conf');
    writeFileSync(hba, 'host all all 127.0.0.1/32 trust\n');
    if (asRoot) chownSync(hba, Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim()), 0);
    const port = await freePort();
    const opts = [
      `-p ${port}`,
      "-c listen_addresses='127.0.0.1'",
      "-c unix_socket_directories=''",
      `-c hba_file='${hba}'`,
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
    ].join(' ');
    run(path.join(bin, 'pg_ctl'), ['-D', pgdata, '-o', opts, '-l', path.join(dataDir, 'server.log'), '-w', '-t', '30', 'start']);
    let stopped = false;
    const stop = () => {
      if (stopped) return;
      stopped = true;
      try {
        run(path.join(bin, 'pg_ctl'), ['-D', pgdata, '-m', 'immediate', '-w', 'stop']);
      } finally {
        remove();
      }
    };
    try {
      const { Client } = await import('pg');
      const c = new Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
      await c.connect();
      await c.query(`CREATE DATABASE ${database}`);
      await c.end();
    } catch (e) {
      stop();
      throw e;
    }
    return { url: `postgres://postgres@127.0.0.1:${port}/${database}`, port, dataDir, stop };
  } catch (e) {
    if (existsSync(dataDir)) remove();
    throw e;
  }
}
