import { expect, test, type Page } from '@playwright/test';
import type { NodesResponse } from '@/lib/api/responses';
import { api, login, sim } from './helpers';

// The change feed (GET /api/events, lib/query/change-feed.ts): while it is connected the
// overview asks /api/overview only when the console says the fleet changed, and with the feed
// refused it polls at the refresh interval as before. The quiet window: every node's monitor
// replies are held (`stall`), so no poll completes until the console's 10 s timeout — no
// change, so no event — and the timeout's failures then change the overview (partial fleet).
const NODES = [0, 1, 2];
const REFRESH = 2_000;
/** After the stall: the last poll in flight, an event's spread (2 s) and one refresh interval are over. */
const QUIET_FROM_MS = 4_500;
/** Before the stalled polls time out (10 s) and fail. */
const QUIET_TO_MS = 9_500;

async function allNodesOk(page: Page) {
  const r = await api<NodesResponse>(page, '/api/nodes');
  return r.nodes.every((n) => n.health.state === 'ok');
}

/** Times of the page's /api/overview requests and of the fleet events it received. */
async function watch(page: Page) {
  const overview: number[] = [];
  const fleetEvents: number[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/overview') overview.push(Date.now());
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.eventSourceMessageReceived', (e) => {
    if (e.eventName === 'change' && e.data.includes('"kind":"fleet"')) fleetEvents.push(Date.now());
  });
  return { overview, fleetEvents };
}

async function stallAll(page: Page, ms: number) {
  for (const n of NODES) await sim(page.request, n, 'stall', { ms });
}

test.beforeEach(async ({ page }) => {
  await page.addInitScript((ms) => localStorage.setItem('pmta-refresh-ms', String(ms)), REFRESH);
});

test('with the feed connected, the overview asks only after a change event, and shows the change', async ({ page }) => {
  await login(page, 'viewer', '/');
  await expect.poll(() => allNodesOk(page), { timeout: 30_000 }).toBe(true);
  await expect(page.getByTestId('refresh-feed')).toHaveAttribute('data-live', 'true');
  await expect(page.getByTestId('fleet-partial')).toHaveCount(0);
  const seen = await watch(page);
  const t0 = Date.now();
  await stallAll(page, 60_000);
  try {
    await page.waitForTimeout(t0 + QUIET_TO_MS - Date.now());
    const quiet = seen.overview.filter((t) => t >= t0 + QUIET_FROM_MS && t <= t0 + QUIET_TO_MS);
    expect(quiet, `overview requests in the quiet window (polling every ${REFRESH} ms would ask ~2)`).toEqual([]);
    // The stalled polls fail: the fleet changed, the feed says so, the overview refetches.
    await expect(page.getByTestId('fleet-partial')).toBeVisible({ timeout: 30_000 });
    const after = seen.overview.filter((t) => t > t0 + QUIET_TO_MS);
    expect(after.length).toBeGreaterThan(0);
    // Each of those asks followed a fleet event (within the spread plus slack): no poll in between.
    for (const t of after) expect(seen.fleetEvents.some((e) => e <= t && t - e <= 3_000), `overview request at +${t - t0} ms`).toBe(true);
  } finally {
    await stallAll(page, 0);
  }
  await expect.poll(() => allNodesOk(page), { timeout: 40_000 }).toBe(true);
});

test('with the feed refused, the overview falls back to polling at the refresh interval', async ({ page }) => {
  await page.route('**/api/events', (r) =>
    r.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'unavailable', message: 'closed by the test', status: 503 } }) }),
  );
  await login(page, 'viewer', '/');
  await expect.poll(() => allNodesOk(page), { timeout: 30_000 }).toBe(true);
  await expect(page.getByTestId('refresh-feed')).toHaveAttribute('data-live', 'false');
  await expect(page.getByTestId('refresh-feed')).toHaveText('polling');
  const seen = await watch(page);
  const t0 = Date.now();
  await stallAll(page, 60_000);
  try {
    await page.waitForTimeout(t0 + QUIET_TO_MS - Date.now());
    const quiet = seen.overview.filter((t) => t >= t0 + QUIET_FROM_MS && t <= t0 + QUIET_TO_MS);
    expect(quiet.length, 'overview polls in the same window').toBeGreaterThanOrEqual(2);
  } finally {
    await stallAll(page, 0);
  }
  await expect.poll(() => allNodesOk(page), { timeout: 40_000 }).toBe(true);
});
