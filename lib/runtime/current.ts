import 'server-only';
// The one process-wide slot: the running console's runtime (lib/runtime/runtime.ts).
// Next bundles proxy.ts and every route separately, and dev mode reloads modules, so a
// module-level variable would exist once per bundle and per reload. globalThis is shared by
// them all; this is the only place the console keeps process state there. Everything else
// (config, store, fleet, history, audit, actions, accounting, auth keys) hangs off it.
import type { Runtime } from './runtime';

const SLOT = Symbol.for('pmta-console.runtime');
type Slot = { [SLOT]?: Runtime };
const slot = globalThis as Slot;

/** The running console's runtime; throws when none was started (never starts one itself). */
export function getRuntime(): Runtime {
  const rt = slot[SLOT];
  if (!rt) throw new Error('the console runtime is not started (instrumentation-node.ts starts it; tests install one with installRuntimeForTesting)');
  return rt;
}

/** The runtime, or null before start-up (for callers that have a fallback, e.g. the dev-reload guard). */
export function currentRuntime(): Runtime | null {
  return slot[SLOT] ?? null;
}

/** Called once by instrumentation-node.ts with the runtime it built and started. */
export function installRuntime(rt: Runtime): void {
  slot[SLOT] = rt;
}

/**
 * The one test hook: route handlers, the proxy and the auth checks use `rt` (a runtime the
 * test built over the simulator or in-memory stores); null removes it.
 */
export function installRuntimeForTesting(rt: Runtime | null): void {
  if (rt) slot[SLOT] = rt;
  else delete slot[SLOT];
}
