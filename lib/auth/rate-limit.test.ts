import { describe, expect, it } from 'vitest';
import { addressKey, BackoffLimiter, ConcurrencyGate, LoginRateLimiter } from './rate-limit';

const T0 = 1_000_000;

function fail(l: LoginRateLimiter, addr: string, user: string, at: number) {
  const a = l.begin(addr, user, at);
  if (!a.ok) throw new Error(`unexpected refusal (${a.retryAfterSeconds} s)`);
  a.finish(false, at);
}

describe('BackoffLimiter', () => {
  it('allows `attempts` failures, then doubles the wait after each further one, up to the window', () => {
    const l = new BackoffLimiter(3, 60_000);
    for (let i = 0; i < 2; i++) l.recordFailure('k', T0);
    expect(l.check('k', T0).ok).toBe(true);
    l.recordFailure('k', T0); // third: back-off starts
    expect(l.check('k', T0)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(l.check('k', T0 + 1_000).ok).toBe(true);
    const waits: number[] = [];
    let t = T0 + 1_000;
    for (let i = 0; i < 8; i++) {
      l.recordFailure('k', t);
      const d = l.check('k', t);
      waits.push(d.retryAfterSeconds);
      t += d.retryAfterSeconds * 1000;
    }
    expect(waits).toEqual([2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it('forgets a key a window after its last failure', () => {
    const l = new BackoffLimiter(1, 60_000);
    l.recordFailure('k', T0);
    l.recordFailure('k', T0 + 1_000); // may try again at T0 + 3 s
    expect(l.check('k', T0 + 62_000).ok).toBe(true);
    l.recordFailure('k', T0 + 62_000); // not a window of quiet yet: waits 4 s
    expect(l.check('k', T0 + 62_000)).toEqual({ ok: false, retryAfterSeconds: 4 });
    expect(l.check('k', T0 + 126_000).ok).toBe(true);
    l.recordFailure('k', T0 + 126_000);
    expect(l.check('k', T0 + 126_000)).toEqual({ ok: false, retryAfterSeconds: 1 }); // forgotten: back-off starts over
  });

  it('bounded: evicts the oldest keys not backing off, never one that is', () => {
    const l = new BackoffLimiter(2, 60_000, 3);
    l.recordFailure('blocked', T0);
    l.recordFailure('blocked', T0); // backing off
    for (const k of ['a', 'b', 'c', 'd', 'e']) l.recordFailure(k, T0 + 10);
    expect(l.size).toBe(3);
    expect(l.check('blocked', T0 + 100).ok).toBe(false);
  });

  it('full of keys backing off: new keys share one overflow key instead of getting a fresh budget', () => {
    const l = new BackoffLimiter(1, 60_000, 2);
    for (const k of ['x', 'y']) {
      l.recordFailure(k, T0);
      l.recordFailure(k, T0);
    }
    l.recordFailure('new-1', T0);
    l.recordFailure('new-2', T0);
    expect(l.check('new-3', T0).ok).toBe(false);
    expect(l.check('x', T0).ok).toBe(false);
  });
});

describe('LoginRateLimiter', () => {
  it('wrong passwords from one address do not lock the same user out elsewhere', () => {
    const l = new LoginRateLimiter(5, 900);
    for (let i = 0; i < 5; i++) fail(l, '198.51.100.66', 'admin', T0);
    expect(l.begin('198.51.100.66', 'admin', T0).ok).toBe(false);
    expect(l.begin('192.0.2.10', 'Admin', T0).ok).toBe(true); // the real admin, elsewhere
    expect(l.begin('198.51.100.66', 'viewer', T0).ok).toBe(true); // another user, same address
  });

  it('behind an untrusted proxy (one address for all) an attacker only delays, briefly, the user they attack', () => {
    const l = new LoginRateLimiter(5, 900);
    for (let i = 0; i < 5; i++) fail(l, '10.0.0.1', 'admin', T0);
    const refused = l.begin('10.0.0.1', 'admin', T0);
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 1 });
    const later = l.begin('10.0.0.1', 'admin', T0 + 1_000);
    expect(later.ok).toBe(true);
    if (later.ok) later.finish(true, T0 + 1_000); // the admin gets in, which clears the count
    expect(l.begin('10.0.0.1', 'admin', T0 + 1_000).ok).toBe(true);
  });

  it('keys IPv6 clients by their /64', () => {
    const l = new LoginRateLimiter(2, 300);
    fail(l, '2001:db8:1:2::1', 'u', T0);
    fail(l, '2001:db8:1:2:ffff::9', 'u', T0);
    expect(l.begin('2001:db8:1:2:abcd::1', 'u', T0).ok).toBe(false);
    expect(l.begin('2001:db8:1:3::1', 'u', T0).ok).toBe(true);
    expect(addressKey('2001:0db8:0001:0002:0000:0000:0000:0001')).toBe('2001:db8:1:2::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('192.0.2.7')).toBe('192.0.2.7');
  });

  it('counts attempts still in flight, so parallel guesses cannot overshoot', () => {
    const l = new LoginRateLimiter(2, 300);
    const first = l.begin('192.0.2.1', 'u', T0);
    const second = l.begin('192.0.2.1', 'u', T0);
    expect(first.ok && second.ok).toBe(true);
    expect(l.begin('192.0.2.1', 'u', T0)).toEqual({ ok: false, retryAfterSeconds: 1 });
    if (first.ok) first.finish(true, T0);
    expect(l.begin('192.0.2.1', 'u', T0).ok).toBe(true);
  });

  it('an abandoned attempt counts neither way', () => {
    const l = new LoginRateLimiter(1, 300);
    const a = l.begin('192.0.2.1', 'u', T0);
    if (a.ok) a.abandon();
    expect(l.begin('192.0.2.1', 'u', T0).ok).toBe(true);
  });
});

describe('ConcurrencyGate', () => {
  it('admits at most `max` at once', () => {
    const g = new ConcurrencyGate(2);
    const a = g.tryEnter();
    const b = g.tryEnter();
    expect(a && b).toBeTruthy();
    expect(g.tryEnter()).toBeNull();
    a?.();
    a?.(); // releasing twice frees one slot only
    expect(g.running).toBe(1);
    expect(g.tryEnter()).not.toBeNull();
  });
});
