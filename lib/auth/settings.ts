import 'server-only';
// Everything the auth checks need, derived once per loaded config: users by name, the
// derived keys and the trusted-proxy matcher. Config is read once per process (getConfig),
// so a changed `users` list (a demotion, a removed user) applies after a restart.
import type { ConsoleConfig } from '@/lib/config/schema';
import type { AuthConfig, UserConfig } from '@/lib/config/auth-schema';
import { getConfig } from '@/lib/config/load';
import { addressMatcher } from './cidr';
import { deriveKeys, resolveSessionSecret, type AuthKeys } from './secret';

export type AuthConfigSource = Pick<ConsoleConfig, 'users' | 'auth' | 'store'>;

export interface AuthSettings {
  users: ReadonlyMap<string, UserConfig>;
  auth: AuthConfig;
  keys: AuthKeys;
  isTrustedProxy: (address: string) => boolean;
}

const built = new WeakMap<AuthConfigSource, AuthSettings>();
let override: AuthSettings | null = null;

export function buildAuthSettings(cfg: AuthConfigSource): AuthSettings {
  const known = built.get(cfg);
  if (known) return known;
  const proxy = cfg.auth.trustedProxy;
  const settings: AuthSettings = {
    users: new Map(cfg.users.map((u) => [u.username, u])),
    auth: cfg.auth,
    keys: deriveKeys(resolveSessionSecret(cfg.auth, cfg.store.path)),
    isTrustedProxy: proxy ? addressMatcher(proxy.addresses) : () => false,
  };
  built.set(cfg, settings);
  return settings;
}

/** The process's auth settings (from getConfig()), or the test override. */
export function getAuthSettings(): AuthSettings {
  return override ?? buildAuthSettings(getConfig());
}

/** Tests only: run the guard and routes against `cfg` instead of the config file. */
export function setAuthConfigForTesting(cfg: AuthConfigSource | null): void {
  override = cfg ? buildAuthSettings(cfg) : null;
}
