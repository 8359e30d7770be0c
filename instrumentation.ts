// Next.js calls register() once when the server starts. The work is Node-only (pollers,
// worker threads, config files), so it lives in instrumentation-node.ts, which the Edge
// compilation of this file never imports.
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') await (await import('./instrumentation-node')).startConsole();
}
