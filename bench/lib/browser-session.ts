// Shared by the browser benchmarks (B7, B9): simulated nodes (one with 100k queues, or a demo
// fleet of small ones), the real
// console (production build) polling it, and Debian's Chromium (never a downloaded one)
// with a signed-in context.
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { login, startConsole, type ConsoleServer } from './console-server';
import { startUpstream } from './upstream';

export interface BrowserBench {
  server: ConsoleServer;
  browser: Browser;
  /** Cookie header of the signed-in viewer (for API calls from the bench). */
  cookie: string;
  context(): Promise<BrowserContext>;
  stop(): Promise<void>;
}

/**
 * `queues` per simulated node (0 = the simulator's own demo-sized node, ~400 queues), `nodes`
 * of them, polled every `pollSeconds`.
 */
export async function startBrowserBench(queues = 100_000, nodes = 1, pollSeconds = 5): Promise<BrowserBench> {
  const up = await startUpstream({ mode: 'sim', nodes, queues, basePort: Number(process.env.E2E_SIM_BASE_PORT ?? 19305), tickMs: 1000 });
  let server: ConsoleServer | undefined;
  let browser: Browser | undefined;
  // Whatever failed, nothing stays behind (ports, processes) for the next benchmark.
  const stop = async () => {
    await browser?.close();
    await server?.stop();
    await up.stop();
  };
  try {
    server = await startConsole(up.nodes, pollSeconds);
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
    const cookie = await login(server.url);
    // Wait until the console has every node's queues.
    const deadline = Date.now() + 120_000;
    for (;;) {
      const r: Response = await fetch(`${server.url}/api/nodes`, { headers: { cookie } });
      const counts = r.ok ? ((await r.json()) as { nodes: { queueCount: number | null }[] }).nodes.map((n) => n.queueCount ?? 0) : [];
      if (counts.length === nodes && counts.every((c) => c > 0 && c >= queues)) break;
      if (Date.now() > deadline) throw new Error(`console never had ${queues} queues`);
      await new Promise((res) => setTimeout(res, 500));
    }
    const [srv, br] = [server, browser];
    return {
      server: srv,
      browser: br,
      cookie,
      async context() {
        const context = await br.newContext({ baseURL: srv.url, viewport: { width: 1440, height: 900 } });
        await context.addCookies(cookie.split('; ').map((c) => ({ name: c.split('=')[0]!, value: c.slice(c.indexOf('=') + 1), url: srv.url })));
        // tsx (esbuild keepNames) wraps named functions in `__name(…)`; page.evaluate ships
        // their source to the page, where that helper must exist too.
        await context.addInitScript({ content: 'window.__name = (f) => f;' });
        return context;
      },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
