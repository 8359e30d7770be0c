import 'server-only';
import { installPeerAddressStamp } from '@/lib/auth/peer-address';
import { getAuthSettings } from '@/lib/auth/settings';
import { ConfigError } from '@/lib/config/load';
import { getFleet } from '@/lib/fleet/fleet';
import { startActionScheduler } from '@/lib/actions/runtime';
import { getAccountingIngest } from '@/lib/accounting/ingest/manager';
import { deliveredPerBucket } from '@/lib/accounting/store/delivered';
import { setDeliveredSource } from '@/lib/history/sources';
import { sharedDatabase } from '@/lib/store/db';

/**
 * Read the configuration and start one poll loop per node. A bad configuration stops the
 * server here, with a message naming the file and the field, rather than serving a
 * half-configured console.
 */
export async function startConsole(): Promise<void> {
  // `next build` loads instrumentation too; only a running server should poll.
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  // Stamp every request with its real socket address before Next sees it: forwarded headers
  // can be forged by any client, and trusted-proxy authentication must know the real peer.
  installPeerAddressStamp();
  try {
    getAuthSettings(); // users, session secret: fail or create now, not at the first login
    const fleet = getFleet();
    // Time-boxed pauses end on time even after a restart; stale 'started' audit rows → incomplete.
    startActionScheduler();
    // Bounce/FBL counts: follow each enabled node's accounting files from the stored offsets.
    const acct = getAccountingIngest();
    const hooks = acct.webhookStatus();
    if (acct.ingesters.length || hooks.length) {
      const what = [...acct.ingesters.map((i) => `${i.node}/${i.status().sourceId} (${i.status().source})`), ...hooks.map((h) => `${h.node}/${h.sourceId} (webhook)`)];
      console.log(`[accounting] ingesting ${what.join(', ')}`);
      // Per-domain delivery rates in history charts come from accounting where it has data.
      const db = sharedDatabase(fleet.config.store.path);
      setDeliveredSource((q) => deliveredPerBucket(db, q));
    }
    console.log(`[fleet] polling ${fleet.nodes.length} node(s) every ${fleet.config.pollIntervalSeconds}s: ${fleet.nodes.map((n) => n.config.id).join(', ')}`);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
}
