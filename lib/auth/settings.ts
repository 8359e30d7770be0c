import 'server-only';
// Everything the auth checks need, derived once per process by the composition root
// (lib/runtime): users by name, the derived keys and the trusted-proxy matcher. The config
// is read once at start-up, so a changed `users` list (a demotion, a removed user) applies
// after a restart.
import type { ConsoleConfig } from '@/lib/config/schema';
import type { AuthConfig, UserConfig } from '@/lib/config/auth-schema';
import { getRuntime } from '@/lib/runtime/current';
import { addressMatcher } from './cidr';
import { ConcurrencyGate, LoginRateLimiter } from './rate-limit';
import { deriveKeys, resolveSessionSecret, type AuthKeys } from './secret';
import type { SessionRegistry } from './session-registry';
import { VerifiedTokens } from './session';

export type AuthConfigSource = Pick<ConsoleConfig, 'users' | 'auth' | 'store'>;

export interface AuthSettings {
  users: ReadonlyMap<string, UserConfig>;
  auth: AuthConfig;
  keys: AuthKeys;
  /** Server-side sessions (in the store): a signed cookie counts only while its session is live here. */
  sessions: SessionRegistry;
  /** Session tokens this process has verified (signature, shape), re-checked for expiry only. */
  verifiedTokens: VerifiedTokens;
  isTrustedProxy: (address: string) => boolean;
  /** Failed-login counts of this process (auth.loginRateLimit). */
  loginLimiter: LoginRateLimiter;
  /** Password checks (scrypt) running at once, across all clients; more are refused with Retry-After. */
  passwordChecks: ConcurrencyGate;
}

/** At most this many password checks run at once: scrypt is slow on purpose, so a flood of
 * sign-ins must not take every core. */
export const MAX_CONCURRENT_PASSWORD_CHECKS = 4;

export function buildAuthSettings(cfg: AuthConfigSource, sessions: SessionRegistry): AuthSettings {
  const proxy = cfg.auth.trustedProxy;
  const settings: AuthSettings = {
    users: new Map(cfg.users.map((u) => [u.username, u])),
    auth: cfg.auth,
    keys: deriveKeys(resolveSessionSecret(cfg.auth, cfg.store.path)),
    sessions,
    verifiedTokens: new VerifiedTokens(),
    isTrustedProxy: proxy ? addressMatcher(proxy.addresses) : () => false,
    loginLimiter: new LoginRateLimiter(cfg.auth.loginRateLimit.attempts, cfg.auth.loginRateLimit.windowSeconds),
    passwordChecks: new ConcurrencyGate(MAX_CONCURRENT_PASSWORD_CHECKS),
  };
  return settings;
}

/** The running console's auth settings (built by the runtime at start-up). */
export function getAuthSettings(): AuthSettings {
  return getRuntime().auth;
}
