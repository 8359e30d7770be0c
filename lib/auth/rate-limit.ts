import 'server-only';
// Failed-login limits, kept in memory: the console runs as one server process, so one Map
// sees every attempt. A restart forgets the counts (an attacker gains one window per
// restart); several processes behind a load balancer would each allow the full budget — put
// the limit in the proxy or a shared store then.
//
// Keyed by client address + username, never by one of them alone: a username-only limit let
// anyone lock a real admin out with a few wrong passwords, and behind a proxy that is not
// `auth.trustedProxy` every user shares one address. IPv6 clients are keyed by their /64 (one
// host usually owns the whole prefix). Past the free attempts a key is not blocked for the
// whole window but backs off: each further failure doubles the wait (1 s, 2 s, 4 s… up to
// the window), answered with Retry-After. Memory is bounded; keys in back-off are never the
// ones evicted (that would hand an attacker a fresh budget by flooding the table), and when
// only such keys remain, new keys share one overflow key.
import { isIP } from 'node:net';
import { normaliseAddress } from './cidr';

export interface LimitDecision {
  ok: boolean;
  /** Seconds until another attempt is allowed (0 when ok). */
  retryAfterSeconds: number;
}

interface KeyState {
  failures: number;
  lastFailure: number;
  /** No attempt before this (epoch ms); 0 while under the free attempts. */
  notBefore: number;
}

const OVERFLOW_KEY = '\u0000overflow';

export class BackoffLimiter {
  private readonly keys = new Map<string, KeyState>();

  constructor(
    /** Failures allowed before back-off starts. */
    readonly attempts: number,
    /** A key with no failure for this long starts afresh; also the longest wait. */
    readonly windowMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  /** A key is forgotten after a whole window of quiet since it was last allowed to try. */
  private quietSince(s: KeyState): number {
    return Math.max(s.lastFailure, s.notBefore);
  }

  private state(key: string, now: number): KeyState | undefined {
    const s = this.keys.get(key);
    if (s && now - this.quietSince(s) >= this.windowMs) {
      this.keys.delete(key);
      return undefined;
    }
    return s;
  }

  private backingOff(s: KeyState, now: number): boolean {
    return s.failures >= this.attempts && now - this.quietSince(s) < this.windowMs;
  }

  /** The key a failure is recorded under: `key`, or the shared overflow key when full. */
  private slot(key: string, now: number): string {
    if (this.keys.has(key) || this.keys.size < this.maxKeys) return key;
    for (const [k, s] of this.keys) {
      // Map order is least recently failed first: evict the oldest key not backing off.
      if (k !== OVERFLOW_KEY && !this.backingOff(s, now)) {
        this.keys.delete(k);
        return key;
      }
    }
    return OVERFLOW_KEY;
  }

  /** `pending` counts attempts still in progress as if they had already failed. */
  check(key: string, now = Date.now(), pending = 0): LimitDecision {
    // A key the table has no room for would record its failures under the overflow key.
    const k = this.keys.has(key) || this.keys.size < this.maxKeys || !this.keys.has(OVERFLOW_KEY) ? key : OVERFLOW_KEY;
    const s = this.state(k, now);
    if (s && s.notBefore > now) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((s.notBefore - now) / 1000)) };
    const failures = s?.failures ?? 0;
    // In back-off one attempt at a time; before it, in-flight attempts use up the free ones.
    const allowed = failures >= this.attempts ? 1 : this.attempts - failures;
    if (pending >= allowed) return { ok: false, retryAfterSeconds: 1 };
    return { ok: true, retryAfterSeconds: 0 };
  }

  recordFailure(key: string, now = Date.now()): void {
    const k = this.slot(key, now);
    const prev = this.state(k, now);
    const failures = (prev?.failures ?? 0) + 1;
    const over = failures - this.attempts;
    const notBefore = over >= 0 ? now + Math.min(this.windowMs, 1000 * 2 ** Math.min(over, 30)) : 0;
    // Re-insert so Map order is least recently failed first.
    this.keys.delete(k);
    this.keys.set(k, { failures, lastFailure: now, notBefore });
  }

  reset(key: string): void {
    this.keys.delete(key);
  }

  get size(): number {
    return this.keys.size;
  }
}

/** The address part of a limit key: IPv6 by its /64, IPv4 as is. */
export function addressKey(address: string): string {
  const a = normaliseAddress(address);
  if (!a || isIP(a) !== 6) return a ?? address;
  // Expand `::` so the first four groups can be read.
  const [head = '', tail = ''] = a.split('::');
  const h = head ? head.split(':') : [];
  const t = a.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = [...h, ...Array(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

export type LoginAttempt =
  { ok: false; retryAfterSeconds: number } | { ok: true; retryAfterSeconds: 0; finish: (succeeded: boolean, now?: number) => void; abandon: () => void };

/**
 * Failed-login limits per (client address, username) pair (username case-insensitive).
 * Attempts in flight count against the budget, so a burst of parallel guesses cannot all slip
 * through while the first ones are still hashing.
 */
export class LoginRateLimiter {
  private readonly limiter: BackoffLimiter;
  private readonly inFlight = new Map<string, number>();

  constructor(attempts: number, windowSeconds: number, maxKeys?: number) {
    this.limiter = new BackoffLimiter(attempts, windowSeconds * 1000, maxKeys);
  }

  private key(address: string, username: string): string {
    return `${addressKey(address)}\u0000${username.toLowerCase()}`;
  }

  private bump(key: string, by: number): void {
    const n = (this.inFlight.get(key) ?? 0) + by;
    if (n > 0) this.inFlight.set(key, n);
    else this.inFlight.delete(key);
  }

  /** Refuse while this address + username is backing off; else start an attempt. */
  begin(address: string, username: string, now = Date.now()): LoginAttempt {
    const key = this.key(address, username);
    const d = this.limiter.check(key, now, this.inFlight.get(key) ?? 0);
    if (!d.ok) return { ok: false, retryAfterSeconds: d.retryAfterSeconds };
    this.bump(key, 1);
    let finished = false;
    const done = () => {
      if (finished) return false;
      finished = true;
      this.bump(key, -1);
      return true;
    };
    return {
      ok: true,
      retryAfterSeconds: 0,
      finish: (succeeded, at = Date.now()) => {
        if (!done()) return;
        if (succeeded) this.limiter.reset(key);
        else this.limiter.recordFailure(key, at);
      },
      /** The password was never checked (server busy): counts neither way. */
      abandon: () => void done(),
    };
  }
}

/**
 * At most `max` password checks at once. scrypt is deliberately expensive (16 MiB, tens of
 * ms): without a cap, a flood of sign-ins from many addresses (each within its own budget)
 * would queue unbounded work on libuv's thread pool and starve every other request.
 */
export class ConcurrencyGate {
  private active = 0;
  constructor(readonly max: number) {}

  /** A release function, or null when `max` checks are already running. */
  tryEnter(): (() => void) | null {
    if (this.active >= this.max) return null;
    this.active++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.active--;
    };
  }

  get running(): number {
    return this.active;
  }
}
