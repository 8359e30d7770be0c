// Shared by the browser benchmarks (B7, B9): one simulated node with 100k queues, the real
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

export async function startBrowserBench(queues = 100_000): Promise<BrowserBench> {
  const up = await startUpstream({ mode: 'sim', nodes: 1, queues, basePort: Number(process.env.E2E_SIM_BASE_PORT ?? 19305), tickMs: 1000 });
  let server: ConsoleServer | undefined;
  let browser: Browser | undefined;
  // Whatever failed, nothing stays behind (ports, processes) for the next benchmark.
  const stop = async () => {
    await browser?.close();
    await server?.stop();
    await up.stop();
  };
  try {
    server = await startConsole(up.nodes, 5);
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
    const cookie = await login(server.url);
    // Wait until the console has the node's queues.
    const deadline = Date.now() + 120_000;
    for (;;) {
      const r: Response = await fetch(`${server.url}/api/queues?limit=1`, { headers: { cookie } });
      if (r.ok && ((await r.json()) as { total: number }).total >= queues) break;
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
