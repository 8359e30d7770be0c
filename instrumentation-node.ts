import 'server-only';
import { installPeerAddressStamp } from '@/lib/auth/peer-address';
import { ConfigError, loadConfigFile } from '@/lib/config/load';
import { currentRuntime, installRuntime } from '@/lib/runtime/current';
import { createRuntime } from '@/lib/runtime/runtime';
import { StoreOpenError } from '@/lib/store/store';

/**
 * Read the configuration, build the console's runtime (lib/runtime) and start it: one poll
 * loop per node, history, the resume scheduler, accounting. A bad configuration stops the
 * server here, with a message naming the file and the field, rather than serving a
 * half-configured console.
 */
export async function startConsole(): Promise<void> {
  // `next build` loads instrumentation too; only a running server should poll.
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  // Dev-reload guard: a reloaded instrumentation keeps the runtime already running.
  if (currentRuntime()) return;
  try {
    // Users, session secret: fail or create now, not at the first login.
    const runtime = createRuntime(loadConfigFile());
    installRuntime(runtime);
    // Stamp every request with its real socket address before Next sees it: forwarded headers
    // can be forged by any client, and trusted-proxy authentication must know the real peer.
    installPeerAddressStamp();
    runtime.start();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78); // EX_CONFIG
    }
    if (e instanceof Error && e.name === StoreOpenError.name) {
      console.error(e.message);
      process.exit(73); // EX_CANTCREAT
    }
    throw e;
  }
}
