import 'server-only';
// scrypt password hashes (node:crypto), stored as `scrypt$N$r$p$saltB64$hashB64` so the
// cost parameters can be raised later without invalidating existing hashes.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { MAX_PASSWORD_LENGTH } from '@/lib/api/contracts/auth';
import { DEFAULT_SCRYPT, formatPasswordHash, parsePasswordHash, scryptMaxmem, type ScryptParams } from './password-format';

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
// Passwords longer than MAX_PASSWORD_LENGTH are refused outright: scrypt would cope, but there
// is no reason to let a request make the server hash megabytes. Defined with the login body's
// contract, so the form and the hash agree.
export { MAX_PASSWORD_LENGTH };

function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  if (password.length === 0) throw new Error('password must not be empty');
  if (password.length > MAX_PASSWORD_LENGTH) throw new Error(`password must be at most ${MAX_PASSWORD_LENGTH} characters`);
  const salt = randomBytes(SALT_LENGTH);
  const hash = await scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { ...params, maxmem: scryptMaxmem(params) });
  return formatPasswordHash({ ...params, salt, hash });
}

/** Constant-time check of `password` against a stored hash; a malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parsePasswordHash(stored);
  if (typeof parsed === 'string' || password.length > MAX_PASSWORD_LENGTH) return false;
  const { N, r, p, salt, hash } = parsed;
  const actual = await scrypt(password.normalize('NFC'), salt, hash.length, { N, r, p, maxmem: scryptMaxmem(parsed) });
  return timingSafeEqual(actual, hash);
}
