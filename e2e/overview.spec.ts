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
  // The page polls; numbers move. They must equal what the API says for the same poll.
  await expect
    .poll(
      async () => {
        const o = await api<OverviewResponse>(page, '/api/overview');
        const ui = parseNum(await page.getByTestId('kpi-queued').textContent());
        return ui === o.fleet.queued.rcp && (o.fleet.queued.rcp ?? 0) > 0;
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  const o = await api<OverviewResponse>(page, '/api/overview');
  expect(o.nodes.every((n) => /^5\.0/.test(n.node.version ?? ''))).toBe(true);
  expect(o.fleet.connOut.max).toBeGreaterThan(0);
});
