// Runs once when the Next.js server starts: read the configuration and start one poll loop
// per node. A bad configuration stops the server here with a message naming the file and
// field, rather than serving a half-configured console.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // next build also loads this file; only a running server should poll.
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { ConfigError } = await import('@/lib/config/load');
  try {
    const { getFleet } = await import('@/lib/fleet/fleet');
    const fleet = getFleet();
    console.log(`[fleet] polling ${fleet.nodes.length} node(s) every ${fleet.config.pollIntervalSeconds}s: ${fleet.nodes.map((n) => n.config.id).join(', ')}`);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
}
