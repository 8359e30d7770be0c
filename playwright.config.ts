import { defineConfig, devices } from '@playwright/test';
import { E2E } from './e2e/env';

// Browser tests run against the real built console (`next start`) and a real simulated fleet,
// both started by scripts/console-with-sim.ts. Playwright never downloads a browser here:
// it drives Debian's Chromium (CHROMIUM_PATH overrides /usr/bin/chromium).
export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: 'list',
  use: {
    baseURL: E2E.baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1440, height: 900 },
        launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
      },
    },
  ],
  webServer: {
    command: `npx tsx scripts/console-with-sim.ts --build never --fresh --port ${E2E.port} --sim-base-port ${E2E.simBasePort} --data-dir ${E2E.dataDir} --speed 10 --no-kickoff --poll-seconds 2${E2E.store === 'postgres' ? ' --throwaway-postgres' : ''}`,
    url: `${E2E.baseURL}/api/health`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    // SIGTERM, not Playwright's default SIGKILL of the process group: the console-with-sim
    // script then stops its simulated fleet and removes its throw-away PostgreSQL cluster.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    stdout: 'pipe',
  },
});
