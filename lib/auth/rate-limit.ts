import 'server-only';
// Sliding-window limiter for failed logins, kept in memory: the console runs as one server
// process, so one Map sees every attempt. A restart forgets the counts (acceptable: an
// attacker gains one window per restart), and several processes behind a load balancer
// would each allow the full budget — put the limit in the proxy or a shared store then.

export interface LimitDecision {
  ok: boolean;
  /** Seconds until another attempt is allowed (0 when ok). */
  retryAfterSeconds: number;
}

export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly attempts: number,
    readonly windowMs: number,
    // Bounds memory under a flood of distinct keys (e.g. random usernames); the oldest keys
    // are forgotten first.
    private readonly maxKeys = 10_000,
  ) {}

  private recent(key: string, now: number): number[] {
    const list = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (list.length) this.hits.set(key, list);
    else this.hits.delete(key);
    return list;
  }

  /** `pending` counts attempts still in progress as if they had already failed. */
  check(key: string, now = Date.now(), pending = 0): LimitDecision {
    const list = this.recent(key, now);
    if (list.length + pending < this.attempts) return { ok: true, retryAfterSeconds: 0 };
    // While only pending attempts fill the budget, ask the caller to retry shortly.
    if (list.length < this.attempts) return { ok: false, retryAfterSeconds: 1 };
    const oldest = list[list.length - this.attempts] ?? now;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000)) };
  }

  record(key: string, now = Date.now()): void {
    const list = this.recent(key, now);
    list.push(now);
    // Re-insert so Map order is least-recently-used first.
    this.hits.delete(key);
    this.hits.set(key, list.slice(-this.attempts));
    while (this.hits.size > this.maxKeys) {
      const oldestKey = this.hits.keys().next().value;
      if (oldestKey === undefined) break;
      this.hits.delete(oldestKey);
    }
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  get size(): number {
    return this.hits.size;
  }
}

export type LoginAttempt =
  | { ok: false; retryAfterSeconds: number }
  | { ok: true; retryAfterSeconds: 0; finish: (succeeded: boolean, now?: number) => void };

/**
 * Failed-login limits per client address and per username (case-insensitive). Attempts in
 * flight count against the budget, so a burst of parallel guesses cannot all slip through
 * while the first ones are still hashing.
 */
export class LoginRateLimiter {
  private readonly limiter: SlidingWindowLimiter;
  private readonly inFlight = new Map<string, number>();

  constructor(attempts: number, windowSeconds: number) {
    this.limiter = new SlidingWindowLimiter(attempts, windowSeconds * 1000);
  }

  private keys(address: string, username: string): [string, string] {
    return [`addr:${address}`, `user:${username.toLowerCase()}`];
  }

  private bump(keys: string[], by: number): void {
    for (const k of keys) {
      const n = (this.inFlight.get(k) ?? 0) + by;
      if (n > 0) this.inFlight.set(k, n);
      else this.inFlight.delete(k);
    }
  }

  /** Refuse when the address or the username has used up its failures; else start an attempt. */
  begin(address: string, username: string, now = Date.now()): LoginAttempt {
    const keys = this.keys(address, username);
    const blocked = keys.map((k) => this.limiter.check(k, now, this.inFlight.get(k) ?? 0)).filter((d) => !d.ok);
    if (blocked.length) return { ok: false, retryAfterSeconds: Math.max(...blocked.map((d) => d.retryAfterSeconds)) };
    this.bump(keys, 1);
    let finished = false;
    return {
      ok: true,
      retryAfterSeconds: 0,
      finish: (succeeded, at = Date.now()) => {
        if (finished) return;
        finished = true;
        this.bump(keys, -1);
        if (!succeeded) for (const k of keys) this.limiter.record(k, at);
        // After a success only the username's count is cleared, not the address's, so one
        // valid account cannot reset the budget for guessing others from the same place.
        else this.limiter.reset(keys[1]);
      },
    };
  }
}
