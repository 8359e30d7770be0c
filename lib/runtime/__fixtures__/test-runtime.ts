import 'server-only';
// Tests build their own runtime — over the simulator or an unreachable placeholder node,
// on an in-memory store (a fresh PostgreSQL schema with PMTA_TEST_STORE=postgres: `npm test`'s
// unit-pg step runs every test that builds one a second time that way), with the demo users and a fixed session secret — and install it
// for route handlers, the proxy and the auth checks through the one test hook.
//   const rt = installTestRuntime({ nodes: sims.nodes.map(…) });
//   afterAll(() => removeTestRuntime(rt));
import type { AuthConfig, UserConfig } from '@/lib/config/auth-schema';
import { configSchema } from '@/lib/config/schema';
import { testAuthConfig } from '@/lib/auth/__fixtures__/test-auth';
import { testRuntimeStoreConfig } from '@/lib/store/__fixtures__/backends';
import type { AuthConfigSource } from '@/lib/auth/settings';
import { installRuntimeForTesting } from '@/lib/runtime/current';
import { createRuntime, type Runtime, type RuntimeOptions } from '@/lib/runtime/runtime';

export interface TestRuntimeOptions extends RuntimeOptions {
  /** Console nodes (default: one placeholder that is never polled unless the test starts the runtime). */
  nodes?: { id: string; url: string; apiKey?: string; [key: string]: unknown }[];
  /** Other configuration keys, as in the YAML file (validated by the real schema). */
  config?: Record<string, unknown>;
  auth?: Partial<AuthConfig>;
  users?: Pick<UserConfig, 'username' | 'passwordHash' | 'role'>[];
  /** Users and auth settings as a whole (e.g. a `testAuthConfig(…)` a test also signs sessions with). */
  authConfig?: AuthConfigSource;
}

export function buildTestRuntime(o: TestRuntimeOptions = {}): Runtime {
  const { nodes = [{ id: 'test', url: 'http://127.0.0.1:9' }], config: extra = {}, auth, users, authConfig, ...opts } = o;
  const parsed = configSchema.parse({ pollIntervalSeconds: 3600, store: testRuntimeStoreConfig(), log: { level: 'silent' }, ...extra, nodes });
  const a = authConfig ?? testAuthConfig(auth, users);
  return createRuntime({ ...parsed, users: a.users, auth: a.auth }, { log: () => {}, ...opts });
}

/** Build a test runtime and make it the one route handlers see. */
export function installTestRuntime(o: TestRuntimeOptions = {}): Runtime {
  const rt = buildTestRuntime(o);
  installRuntimeForTesting(rt);
  return rt;
}

/** Swap the installed test runtime for a new one (e.g. other auth settings mid-test). */
export function replaceTestRuntime(old: Runtime | undefined, o: TestRuntimeOptions = {}): Runtime {
  void old?.stop();
  return installTestRuntime(o);
}

/** Stop it and take it out again. */
export async function removeTestRuntime(rt: Runtime | undefined): Promise<void> {
  if (!rt) return;
  installRuntimeForTesting(null);
  await rt.stop();
}
