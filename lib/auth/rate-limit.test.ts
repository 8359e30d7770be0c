import { describe, expect, it } from 'vitest';
import { LoginRateLimiter, SlidingWindowLimiter } from './rate-limit';

const T0 = 1_000_000;

describe('SlidingWindowLimiter', () => {
  it('allows `attempts` hits per window, then says how long to wait', () => {
    const l = new SlidingWindowLimiter(3, 60_000);
    for (const dt of [0, 10_000, 20_000]) {
      expect(l.check('k', T0 + dt).ok).toBe(true);
      l.record('k', T0 + dt);
    }
    expect(l.check('k', T0 + 30_000)).toEqual({ ok: false, retryAfterSeconds: 30 });
  });

  it('slides: the oldest hit leaving the window frees one attempt', () => {
    const l = new SlidingWindowLimiter(2, 60_000);
    l.record('k', T0);
    l.record('k', T0 + 30_000);
    expect(l.check('k', T0 + 59_999).ok).toBe(false);
    expect(l.check('k', T0 + 60_000).ok).toBe(true);
    l.record('k', T0 + 60_000);
    expect(l.check('k', T0 + 60_001)).toEqual({ ok: false, retryAfterSeconds: 30 });
  });

  it('keeps keys independent and forgets the oldest keys beyond its cap', () => {
    const l = new SlidingWindowLimiter(1, 60_000, 3);
    for (const k of ['a', 'b', 'c', 'd']) l.record(k, T0);
    expect(l.size).toBe(3);
    expect(l.check('a', T0).ok).toBe(true);
    expect(l.check('d', T0).ok).toBe(false);
  });
});

describe('LoginRateLimiter', () => {
  it('blocks an address after its failures, whatever username it tries', () => {
    const l = new LoginRateLimiter(2, 300);
    for (const u of ['a', 'b']) {
      const a = l.begin('192.0.2.1', u, T0);
      if (!a.ok) throw new Error('unexpected block');
      a.finish(false, T0);
    }
    expect(l.begin('192.0.2.1', 'c', T0 + 1000)).toEqual({ ok: false, retryAfterSeconds: 299 });
    expect(l.begin('192.0.2.2', 'c', T0 + 1000).ok).toBe(true);
  });

  it('blocks a username after its failures, from any address (case-insensitive)', () => {
    const l = new LoginRateLimiter(2, 300);
    for (const addr of ['192.0.2.1', '192.0.2.2']) {
      const a = l.begin(addr, 'Admin', T0);
      if (!a.ok) throw new Error('unexpected block');
      a.finish(false, T0);
    }
    expect(l.begin('192.0.2.3', 'admin', T0).ok).toBe(false);
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

  it('a success clears the username count but not the address count', () => {
    const l = new LoginRateLimiter(2, 300);
    const fail = l.begin('192.0.2.1', 'u', T0);
    if (fail.ok) fail.finish(false, T0);
    const ok = l.begin('192.0.2.1', 'u', T0);
    if (ok.ok) ok.finish(true, T0);
    const again = l.begin('192.0.2.9', 'u', T0);
    if (again.ok) again.finish(false, T0);
    // "u" has one failure (after the reset); 192.0.2.1 still has one.
    expect(l.begin('192.0.2.5', 'u', T0).ok).toBe(true);
    const f2 = l.begin('192.0.2.1', 'v', T0);
    if (f2.ok) f2.finish(false, T0);
    expect(l.begin('192.0.2.1', 'w', T0).ok).toBe(false);
  });
});
