import { expect, test } from '@playwright/test';
import type { OverviewResponse } from '@/lib/api/responses';
import { api, login, parseNum } from './helpers';

test('overview shows live fleet numbers from the simulator, matching the API', async ({ page }) => {
  await login(page, 'viewer');
  const rows = page.locator('[data-testid^="node-row-"]');
  await expect(rows).toHaveCount(3);
  for (const id of ['pmta1', 'pmta2', 'pmta3']) {
    await expect(page.getByTestId(`node-row-${id}`).getByTestId('health-badge')).toHaveText('ok');
  }
  // The fleet polls every 2 s and the numbers move; the page shows an answer up to one refresh
  // old (pushed or polled). It must be one the API gave: sample the API faster than the fleet
  // changes and look for the page's number among the answers.
  const answered = new Set<number>();
  await expect
    .poll(
      async () => {
        const rcp = (await api<OverviewResponse>(page, '/api/overview')).fleet.queued.rcp ?? 0;
        if (rcp > 0) answered.add(rcp);
        return answered.has(parseNum(await page.getByTestId('kpi-queued').textContent()));
      },
      { timeout: 30_000, intervals: [250] },
    )
    .toBe(true);
  const o = await api<OverviewResponse>(page, '/api/overview');
  expect(o.nodes.every((n) => /^5\.0/.test(n.node.version ?? ''))).toBe(true);
  expect(o.fleet.connOut.max).toBeGreaterThan(0);
});
