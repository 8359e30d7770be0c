import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deriveKeys, resolveSessionSecret, secretFilePath } from './secret';

const dirs: string[] = [];
function tempStore(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pmta-auth-'));
  dirs.push(dir);
  return path.join(dir, 'data', 'console.sqlite');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('session secret', () => {
  it('uses the configured secret as is', () => {
    expect(resolveSessionSecret({ sessionSecret: 'x'.repeat(32) }, tempStore()).toString()).toBe('x'.repeat(32));
  });

  it('generates a 0600 file next to the store once, logging once, and reuses it', () => {
    const store = tempStore();
    const logs: string[] = [];
    const a = resolveSessionSecret({}, store, (m) => logs.push(m));
    const file = secretFilePath(store);
    expect(file).toBe(path.join(path.dirname(store), 'session-secret'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(a.toString());
    expect(a.length).toBeGreaterThanOrEqual(48);
    expect(resolveSessionSecret({}, store, (m) => logs.push(m)).equals(a)).toBe(true);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toContain(file);
  });

  it('reads an existing file (a restart keeps sessions)', () => {
    const store = tempStore();
    const file = secretFilePath(store);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${'z'.repeat(40)}\n`, { mode: 0o600 });
    expect(resolveSessionSecret({}, store).toString()).toBe('z'.repeat(40));
  });

  it('refuses a truncated secret file with a message naming it', () => {
    const store = tempStore();
    const file = secretFilePath(store);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, 'short', { mode: 0o600 });
    expect(() => resolveSessionSecret({}, store)).toThrow(file);
  });

  it('derives distinct keys per purpose', () => {
    const k = deriveKeys(Buffer.from('s'.repeat(32)));
    expect(k.session.equals(k.csrf)).toBe(false);
    expect(deriveKeys(Buffer.from('s'.repeat(32))).session.equals(k.session)).toBe(true);
  });
});
