import 'server-only';
import { serverLog } from '@/lib/log/logger';
// The key behind session cookies and CSRF tokens. Configured (`auth.sessionSecret`) or, when
// absent, generated once and kept in `<store dir>/session-secret` (mode 0600) so restarts
// keep everyone signed in. Deleting that file (or changing the configured secret) signs
// every session out: it is the only way to revoke a stolen, unexpired cookie.
import { createHmac, randomBytes } from 'node:crypto';
import { linkSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeDirectory } from '@/lib/store/db';

export const SECRET_FILE_NAME = 'session-secret';

export function secretFilePath(storePath: string): string {
  return path.join(path.dirname(path.resolve(storePath)), SECRET_FILE_NAME);
}

function readSecretFile(file: string): Buffer {
  const text = readFileSync(file, 'utf8').trim();
  if (text.length < 32) throw new Error(`${file}: session secret is shorter than 32 characters; delete the file to generate a new one`);
  const mode = statSync(file).mode & 0o077;
  if (mode !== 0) serverLog().warn(`[auth] ${file} is readable by other users; run chmod 600 on it`);
  return Buffer.from(text, 'utf8');
}

/**
 * Create the file atomically: write a private temp file, then hard-link it into place.
 * link() fails if the name exists, so when two bundles race, both end up with the winner's
 * complete secret, never a half-written one.
 */
function createSecretFile(file: string, log: (msg: string) => void): Buffer {
  makeDirectory(path.dirname(file), 0o700);
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(tmp, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(tmp, file);
    log(`[auth] generated a session secret in ${file} (set auth.sessionSecret to manage it yourself)`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    unlinkSync(tmp);
  }
  return readSecretFile(file);
}

export function resolveSessionSecret(
  auth: { sessionSecret?: string | undefined },
  storePath: string,
  log: (msg: string) => void = (msg) => serverLog().info(msg),
): Buffer {
  if (auth.sessionSecret) return Buffer.from(auth.sessionSecret, 'utf8');
  // Resolved once per process, by the runtime (lib/runtime), which proxy.ts and the route
  // bundles share; two processes racing to create the file is handled in createSecretFile.
  const key = storePath === ':memory:' ? ':memory:' : secretFilePath(storePath);
  let secret: Buffer;
  if (key === ':memory:') {
    secret = randomBytes(48);
    log('[auth] store.path is :memory:, so the session secret lives in memory; restarts sign everyone out');
  } else {
    try {
      secret = readSecretFile(key);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      secret = createSecretFile(key, log);
    }
  }
  return secret;
}

export interface AuthKeys {
  session: Buffer;
  csrf: Buffer;
}

/** Separate keys per purpose, so a CSRF token can never be replayed as a signature. */
export function deriveKeys(secret: Buffer): AuthKeys {
  const derive = (label: string) => createHmac('sha256', secret).update(`pmta-console:${label}:v1`).digest();
  return { session: derive('session'), csrf: derive('csrf') };
}
