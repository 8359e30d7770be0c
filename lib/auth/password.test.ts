import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password';
import { parsePasswordHash } from './password-format';
import { DEMO_USERS } from './demo-users';

const FAST = { N: 1024, r: 8, p: 1 };

describe('password hashes', () => {
  it('hashes in the self-describing scrypt format with the default cost', async () => {
    const h = await hashPassword('correct horse');
    expect(h).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    const parsed = parsePasswordHash(h);
    expect(typeof parsed).toBe('object');
  });

  it('verifies the right password and rejects a wrong one', async () => {
    const h = await hashPassword('correct horse', FAST);
    expect(await verifyPassword('correct horse', h)).toBe(true);
    expect(await verifyPassword('correct horsE', h)).toBe(false);
    expect(await verifyPassword('', h)).toBe(false);
  });

  it('salts: the same password hashes differently each time', async () => {
    const [a, b] = [await hashPassword('pw', FAST), await hashPassword('pw', FAST)];
    expect(a).not.toBe(b);
    expect(await verifyPassword('pw', b)).toBe(true);
  });

  it('treats canonically equivalent Unicode passwords as equal (NFC)', async () => {
    const h = await hashPassword('caf\u00e9', FAST);
    expect(await verifyPassword('cafe\u0301', h)).toBe(true);
  });

  it('never matches a malformed stored hash', async () => {
    for (const bad of ['', 'plaintext', 'scrypt$16384$8$1$c2FsdA==', 'bcrypt$2b$10$abc', 'scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA==$' + 'A'.repeat(44)]) {
      expect(await verifyPassword('x', bad)).toBe(false);
    }
  });

  it('refuses empty and oversized passwords when hashing', async () => {
    await expect(hashPassword('')).rejects.toThrow(/empty/);
    await expect(hashPassword('x'.repeat(1025))).rejects.toThrow(/at most/);
  });

  it('ships demo hashes that match the demo passwords', async () => {
    for (const u of DEMO_USERS) {
      expect(await verifyPassword(u.password, u.passwordHash)).toBe(true);
      expect(await verifyPassword(`${u.password}x`, u.passwordHash)).toBe(false);
    }
  });
});

describe('parsePasswordHash', () => {
  const salt = Buffer.alloc(16, 1).toString('base64');
  const hash = Buffer.alloc(32, 2).toString('base64');
  const ok = (N: number | string, r: number | string, p: number | string, s = salt, h = hash) => `scrypt$${N}$${r}$${p}$${s}$${h}`;

  it('accepts a well-formed hash and reads its parameters', () => {
    expect(parsePasswordHash(ok(16384, 8, 1))).toMatchObject({ N: 16384, r: 8, p: 1 });
  });

  it.each([
    ['wrong scheme', 'argon2$1$2$3$4$5', /expected "scrypt/],
    ['too few fields', 'scrypt$16384$8$1$abc', /expected "scrypt/],
    ['N not a power of two', ok(10000, 8, 1), /power of two/],
    ['N too small', ok(512, 8, 1), /power of two/],
    ['r out of range', ok(16384, 0, 1), /r must/],
    ['p out of range', ok(16384, 8, 99), /p must/],
    ['memory too large', ok(2 ** 22, 64, 1), /256 MiB/],
    ['non-numeric', ok('16k', 8, 1), /power of two/],
    ['bad base64', ok(16384, 8, 1, 'not*base64'), /base64/],
    ['short salt', ok(16384, 8, 1, Buffer.alloc(8).toString('base64')), /salt/],
    ['short hash', ok(16384, 8, 1, salt, Buffer.alloc(16).toString('base64')), /hash must/],
  ])('rejects %s', (_name, text, message) => {
    const r = parsePasswordHash(text);
    expect(typeof r).toBe('string');
    expect(r).toMatch(message);
  });
});
