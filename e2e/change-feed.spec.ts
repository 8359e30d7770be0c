import { expect, test, type Page } from '@playwright/test';

// The change feed (GET /api/events, lib/query/change-feed.ts). With the refresh choice at 30 s
// and the feed connected, the overview asks /api/overview after the console's change events
// (the simulated fleet moves at 10× speed, polled every 2 s), so it shows new numbers within
// seconds though a 30 s poll would not have asked yet; with the feed refused the polled reads
// poll at the refresh choice (2 s) as before, and the refresh control says "polling".
async function login(page: Page, refreshMs: number) {
  await page.addInitScript((ms) => localStorage.setItem('pmta-refresh-ms', String(ms)), refreshMs);
  await page.goto('/login?next=/');
  await page.getByLabel('Username').fill('viewer');
  await page.getByLabel('Password').fill('viewer-demo');
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** Times of the page's /api/overview and /api/nodes requests and of the fleet events it received. */
async function watch(page: Page) {
  const overview: number[] = [];
  const nodes: number[] = [];
  const fleetEvents: number[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path === '/api/overview') overview.push(Date.now());
    if (path === '/api/nodes') nodes.push(Date.now());
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.eventSourceMessageReceived', (e) => {
    if (e.eventName === 'change' && e.data.includes('"kind":"fleet"')) fleetEvents.push(Date.now());
  });
  return { overview, nodes, fleetEvents };
}

test('with the feed connected, the overview refetches on change events, not on a timer', async ({ page }) => {
  const seen = await watch(page);
  await login(page, 30_000);
  await expect(page.getByTestId('refresh-feed')).toHaveAttribute('data-live', 'true');
  await expect(page.getByTestId('refresh-feed')).toHaveText('live');
  const queued = page.getByTestId('node-row-pmta1').getByTestId('node-queued');
  await expect(queued).toHaveText(/\d/);
  const t0 = Date.now();
  const before = await queued.textContent();
  // The fleet changes (10× speed), an event says so, the overview asks and shows it — well
  // inside the 30 s a poll would wait.
  await expect(queued).not.toHaveText(before ?? '', { timeout: 15_000 });
  const asked = seen.overview.filter((t) => t > t0);
  expect(asked.length).toBeGreaterThan(0);
  expect(Date.now() - t0).toBeLessThan(20_000);
  // Each ask followed a fleet event (within the 2 s spread plus slack): no poll in between.
  for (const t of asked)
    expect(
      seen.fleetEvents.some((e) => e <= t && t - e <= 3_000),
      `overview request at +${t - t0} ms`,
    ).toBe(true);
});

test('with the feed refused, the overview falls back to polling at the refresh choice', async ({ page }) => {
  await page.route('**/api/events', (r) =>
    r.fulfill({
      status: 503,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'unavailable', message: 'refused by the test', status: 503 } }),
    }),
  );
  const seen = await watch(page);
  await login(page, 2_000);
  await expect(page.getByTestId('refresh-feed')).toHaveAttribute('data-live', 'false');
  await expect(page.getByTestId('refresh-feed')).toHaveText('polling');
  // Past the refused stream's one refetch (the fallback's first step), then count.
  await page.waitForTimeout(3_000);
  const t0 = Date.now();
  await page.waitForTimeout(12_000);
  // The top bar's node list polls at the 2 s choice again (on a loaded machine Chromium's
  // rendering stretches that: 2.3–6 s seen at load 17); the feed's safety interval alone would
  // ask once a minute.
  const polls = seen.nodes.filter((t) => t > t0);
  expect(polls.length, '/api/nodes polls in 12 s at a 2 s refresh').toBeGreaterThanOrEqual(2);
});
