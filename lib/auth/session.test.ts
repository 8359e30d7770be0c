import { describe, expect, it } from 'vitest';
import { clearedSessionCookies, issueSession, sessionCookies, signSession, verifySession, VerifiedTokens, type SessionPayload } from './session';
import { testAuthConfig, testAuthSettings } from '@/lib/auth/__fixtures__/test-auth';
import { DEMO_USERS } from './demo-users';
import type { UserConfig } from '@/lib/config/auth-schema';

const cfg = testAuthConfig();
const s = testAuthSettings(cfg);
const key = s.keys.session;
const operator = s.users.get('operator') as UserConfig;
const NOW = Date.UTC(2026, 0, 1, 12);
const HOUR = 3600 * 1000;

function usersWith(change: Partial<UserConfig> | null): Map<string, UserConfig> {
  const m = new Map(s.users);
  if (change === null) m.delete('operator');
  else m.set('operator', { ...operator, ...change });
  return m;
}

describe('sessions', () => {
  it('round-trips: a fresh session verifies to the configured user', () => {
    const { token, payload } = issueSession(operator, key, 12, NOW);
    expect(payload).toMatchObject({ u: 'operator', r: 'operator', iat: NOW / 1000, exp: NOW / 1000 + 12 * 3600 });
    const check = verifySession(token, key, s.users, NOW + HOUR);
    expect(check).toMatchObject({ ok: true, user: { username: 'operator', role: 'operator' } });
  });

  it('gives every session its own id', () => {
    const a = issueSession(operator, key, 1, NOW).payload.sid;
    const b = issueSession(operator, key, 1, NOW).payload.sid;
    expect(a).not.toBe(b);
  });

  it('rejects a tampered payload (role escalation) and a tampered signature', () => {
    const { token } = issueSession(operator, key, 12, NOW);
    const [body, sig] = token.split('.') as [string, string];
    const forged = { ...(JSON.parse(Buffer.from(body, 'base64url').toString()) as SessionPayload), u: 'admin', r: 'admin' };
    const forgedToken = `${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${sig}`;
    expect(verifySession(forgedToken, key, s.users, NOW)).toEqual({ ok: false, reason: 'signature' });
    const flipped = `${body}.${sig.slice(0, 10)}${sig[10] === 'A' ? 'B' : 'A'}${sig.slice(11)}`;
    expect(verifySession(flipped, key, s.users, NOW)).toEqual({ ok: false, reason: 'signature' });
  });

  it('accepts the signature in one encoding only (no padding, standard base64 or stray bits)', () => {
    const { token } = issueSession(operator, key, 12, NOW);
    const [body, sig] = token.split('.') as [string, string];
    expect(verifySession(token, key, s.users, NOW).ok).toBe(true);
    const raw = Buffer.from(sig, 'base64url');
    const standard = raw.toString('base64'); // with `=` padding, `+` and `/`
    const variants = [
      `${sig}=`,
      standard,
      standard.replace(/=+$/, ''),
      // The last character of 43 carries 2 unused bits: setting them decodes to the same bytes.
      `${sig.slice(0, -1)}${'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.indexOf(sig.at(-1)!) + 1]}`,
      ` ${sig}`,
    ].filter((v) => v !== sig);
    for (const v of variants) expect(verifySession(`${body}.${v}`, key, s.users, NOW).ok, v).toBe(false);
    expect(verifySession(`${body}==.${sig}`, key, s.users, NOW).ok).toBe(false);
  });

  it('rejects a session signed with another secret', () => {
    const other = testAuthSettings(testAuthConfig({ sessionSecret: 'another-secret-another-secret-another-secret' }));
    const { token } = issueSession(operator, other.keys.session, 12, NOW);
    expect(verifySession(token, key, s.users, NOW)).toEqual({ ok: false, reason: 'signature' });
  });

  it('rejects garbage without throwing', () => {
    for (const t of ['', '.', 'abc', 'a.b.c', `${Buffer.from('{"x":1}').toString('base64url')}.AAAA`, 'x'.repeat(5000)]) {
      expect(verifySession(t, key, s.users, NOW)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('expires at exp', () => {
    const { token } = issueSession(operator, key, 2, NOW);
    expect(verifySession(token, key, s.users, NOW + 2 * HOUR - 1000).ok).toBe(true);
    expect(verifySession(token, key, s.users, NOW + 2 * HOUR)).toEqual({ ok: false, reason: 'expired' });
  });

  it('rejects sessions issued in the future (beyond clock skew)', () => {
    const { token } = issueSession(operator, key, 12, NOW + HOUR);
    expect(verifySession(token, key, s.users, NOW)).toEqual({ ok: false, reason: 'expired' });
  });

  it('ends the session when the user is removed from config', () => {
    const { token } = issueSession(operator, key, 12, NOW);
    expect(verifySession(token, key, usersWith(null), NOW)).toEqual({ ok: false, reason: 'unknown_user' });
  });

  it('ends the session when the role changes, so a demotion applies at once', () => {
    const { token } = issueSession(operator, key, 12, NOW);
    expect(verifySession(token, key, usersWith({ role: 'viewer' }), NOW)).toEqual({ ok: false, reason: 'role_changed' });
  });

  it('ends the session when the password hash changes (password reset revokes cookies)', () => {
    const { token } = issueSession(operator, key, 12, NOW);
    const admin = DEMO_USERS.find((u) => u.username === 'admin')!;
    expect(verifySession(token, key, usersWith({ passwordHash: admin.passwordHash }), NOW)).toEqual({ ok: false, reason: 'signature' });
  });

  it('signs exactly the documented payload fields', () => {
    const payload: SessionPayload = { sid: 'a'.repeat(24), u: 'operator', r: 'operator', iat: 1, exp: 2 };
    const token = signSession(payload, key, operator.passwordHash);
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toEqual(payload);
  });
});

describe('session cookies', () => {
  it('sets an httpOnly Lax session cookie and a script-readable CSRF cookie', () => {
    // Secure: the __Host- prefix (Secure, Path=/, no Domain), so no subdomain can plant or shadow them.
    const [session, csrf] = sessionCookies('tok', 'csrf', { secure: true, maxAgeSeconds: 3600 });
    expect(session).toBe('__Host-pmta_session=tok; Path=/; SameSite=Lax; Max-Age=3600; HttpOnly; Secure');
    expect(csrf).toBe('__Host-pmta_csrf=csrf; Path=/; SameSite=Lax; Max-Age=3600; Secure');
    expect(session).not.toMatch(/Domain=/i);
    expect(clearedSessionCookies(true)[0]).toMatch(/^__Host-pmta_session=; Path=\/;.*; Secure$/);
  });

  it('omits Secure when asked (plain http) and clears both cookies on logout', () => {
    expect(sessionCookies('t', 'c', { secure: false, maxAgeSeconds: 60 })[0]).not.toContain('Secure');
    const cleared = clearedSessionCookies(false);
    expect(cleared).toEqual([
      'pmta_session=; Path=/; SameSite=Lax; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly',
      'pmta_csrf=; Path=/; SameSite=Lax; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
    ]);
  });

  it('VerifiedTokens: answers a verified token again as verified, until it expires; a bad one is never kept', () => {
    const memo = new VerifiedTokens();
    const { token } = issueSession(operator, key, 1, NOW);
    expect(memo.verify(token, key, s.users, NOW)).toMatchObject({ ok: true, user: { username: 'operator' } });
    // Remembered: the same answer even with the users it was verified against gone…
    expect(memo.verify(token, key, new Map(), NOW + 1000)).toMatchObject({ ok: true });
    // …but not past its expiry.
    expect(memo.verify(token, key, s.users, NOW + HOUR)).toEqual({ ok: false, reason: 'expired' });
    const forged = `${token.split('.')[0]}.${'A'.repeat(43)}`;
    expect(memo.verify(forged, key, s.users, NOW)).toEqual({ ok: false, reason: 'signature' });
    expect(memo.verify(forged, key, s.users, NOW)).toEqual({ ok: false, reason: 'signature' });
    // Another token is verified on its own.
    const other = issueSession(operator, key, 1, NOW).token;
    expect(memo.verify(other, Buffer.alloc(32, 1), s.users, NOW)).toEqual({ ok: false, reason: 'signature' });
  });
});
