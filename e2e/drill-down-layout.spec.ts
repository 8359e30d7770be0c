import { expect, test, type Page } from '@playwright/test';
import { login, sim } from './helpers';

// The drill-down of a domain that is backing up, as the operator reads it on a desktop and on a
// phone: nothing scrolls sideways, long sections start collapsed, and at 390 px the page is a
// read-only view of the verdicts.
const DOMAIN = 'gmail.com';

/** How far the page scrolls sideways (0 = it fits), as the brief measures it. */
const sideways = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);

async function backingUp(page: Page) {
  // pmta1 (node index 0): every gmail.com queue refuses with 421 4.7.28 for 10 simulated minutes.
  await sim(page.request, 0, 'backoff', { queue: `${DOMAIN}/*`, provider: 'gmail', seconds: 600 });
  await page.goto(`/domains/${DOMAIN}`);
  await expect(page.getByTestId('verdict-pmta1').getByTestId('verdict-backing-up')).toBeVisible({ timeout: 45_000 });
}

test('the drill-down of a backing-up domain at 1440 px: no sideways scroll, long sections collapsed with "show all"', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await login(page, 'operator', `/domains/${DOMAIN}`);
  await backingUp(page);
  await expect(page.getByTestId('domain-queues')).toBeVisible();
  await expect(page.getByTestId('domain-error').first()).toBeVisible();
  expect(await sideways(page)).toBeLessThanOrEqual(0);

  // The verdict shows its first three reasons; "show all" opens the rest and folds them again.
  const verdict = page.getByTestId('verdict-pmta1');
  const reasons = verdict.getByTestId('verdict-reasons').locator(':scope > li:not(:has(button))');
  await expect(reasons).toHaveCount(3);
  const more = verdict.getByTestId('show-all-reasons');
  await expect(more).toHaveText(/^show all \d+ reasons \(\d+ more\)$/);
  const total = Number((await more.textContent())!.match(/show all (\d+)/)![1]);
  await more.click();
  await expect(reasons).toHaveCount(total);
  await expect(verdict.getByTestId('verdict-reasons')).toContainText('4.7.28');
  await verdict.getByTestId('show-all-reasons').click();
  await expect(reasons).toHaveCount(3);
  expect(await sideways(page)).toBeLessThanOrEqual(0);
});

test('the phone view at 390 px is read-only: node health and verdicts, no action control, one-line demo banner', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  // An operator, who could act on a wider screen.
  await login(page, 'operator', `/domains/${DOMAIN}`);
  await backingUp(page);
  expect(await sideways(page)).toBeLessThanOrEqual(0);
  await expect(page.getByTestId('verdict-pmta1')).toBeVisible();
  const box = (await page.getByTestId('verdict-pmta1').boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  await expect(page.getByTestId('phone-read-only')).toBeVisible();
  // No control that acts on PowerMTA is rendered: the panel, per-node, per-queue, the toolbox.
  await expect(page.getByTestId('actions-panel')).toBeHidden();
  for (const sel of ['[data-testid^="node-action-"]', '[data-testid^="queue-actions-"]', '[data-testid^="action-"]', '[data-testid="queue-toolbox"]']) {
    const all = page.locator(sel);
    for (let i = 0; i < (await all.count()); i++) await expect(all.nth(i), sel).toBeHidden();
  }
  // getByRole sees only rendered elements: no visible button acts on a queue.
  await expect(page.getByRole('button', { name: /pause|resume|retry|reset|restore|disable|delete|⋯/i })).toHaveCount(0);
  // The demo banner is one line.
  const banner = (await page.getByTestId('demo-banner').boundingBox())!;
  expect(banner.height).toBeLessThan(24);

  // The overview: node health and the backing-up list, no sideways scroll, nothing to act with.
  await page.goto('/');
  await expect(page.getByTestId('nodes-table')).toBeVisible();
  await expect(page.getByTestId(`backing-up-${DOMAIN}`).filter({ hasText: 'on pmta1' })).toBeVisible({ timeout: 30_000 });
  expect(await sideways(page)).toBeLessThanOrEqual(0);
  // The queues page drops its Act column.
  await page.goto('/queues');
  await expect(page.getByTestId('queue-row').first()).toBeVisible();
  await expect(page.getByTestId('queue-table').locator('th[data-col="actions"]')).toBeHidden();
  const acts = page.locator('[data-testid^="queue-actions-"]');
  for (let i = 0; i < Math.min(5, await acts.count()); i++) await expect(acts.nth(i)).toBeHidden();
  expect(await sideways(page)).toBeLessThanOrEqual(0);
});
