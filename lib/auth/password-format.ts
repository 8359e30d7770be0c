// The self-describing password hash format `scrypt$N$r$p$saltB64$hashB64`. Parsing is pure
// (no secrets, no I/O) so the config schema can reject a malformed hash at start-up, with a
// message, instead of every login for that user failing mysteriously later.

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

export interface ParsedPasswordHash extends ScryptParams {
  salt: Buffer;
  hash: Buffer;
}

export const DEFAULT_SCRYPT: ScryptParams = { N: 16384, r: 8, p: 1 };

// scrypt needs 128·N·r bytes per lane; refusing more than 256 MiB keeps one login from
// exhausting the server's memory because of a typo such as N=1048576 with r=64.
const MAX_MEMORY = 256 * 1024 * 1024;

export function scryptMaxmem({ N, r, p }: ScryptParams): number {
  return 128 * N * r * p + 1024 * 1024;
}

const B64 = /^[A-Za-z0-9+/]+={0,2}$/;

function int(s: string | undefined): number | null {
  return s !== undefined && /^[0-9]{1,10}$/.test(s) ? Number(s) : null;
}

/** Parse a stored hash; returns a reason string when it is malformed. */
export function parsePasswordHash(stored: string): ParsedPasswordHash | string {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') {
    return 'expected "scrypt$N$r$p$salt$hash" (generate one with `npm run hash-password`)';
  }
  const [N, r, p] = [int(parts[1]), int(parts[2]), int(parts[3])];
  if (N === null || N < 1024 || N > 2 ** 22 || (N & (N - 1)) !== 0) return 'scrypt N must be a power of two between 1024 and 4194304';
  if (r === null || r < 1 || r > 64) return 'scrypt r must be between 1 and 64';
  if (p === null || p < 1 || p > 16) return 'scrypt p must be between 1 and 16';
  if (128 * N * r * p > MAX_MEMORY) return 'scrypt parameters need more than 256 MiB of memory';
  const [saltText, hashText] = [parts[4] ?? '', parts[5] ?? ''];
  if (!B64.test(saltText) || !B64.test(hashText)) return 'salt and hash must be base64';
  const salt = Buffer.from(saltText, 'base64');
  const hash = Buffer.from(hashText, 'base64');
  if (salt.length < 16) return 'salt must be at least 16 bytes';
  if (hash.length < 32 || hash.length > 64) return 'hash must be 32 to 64 bytes';
  return { N, r, p, salt, hash };
}

export function formatPasswordHash(h: ParsedPasswordHash): string {
  return `scrypt$${h.N}$${h.r}$${h.p}$${h.salt.toString('base64')}$${h.hash.toString('base64')}`;
}
