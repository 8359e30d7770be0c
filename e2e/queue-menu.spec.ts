import { expect, test, type Locator, type Page } from '@playwright/test';
import type { AuditListResponse } from '@/lib/audit/types';
import { api, login } from './helpers';

// The queues page's row menu, as an operator uses it: it opens above the table (not clipped by
// the cell), clicks land on its items, Escape closes it, arrow keys move through it.
const firstRow = (page: Page) => page.getByTestId('queue-row').first();
const opener = (row: Locator) => row.locator('[aria-haspopup="menu"]');

/** True when the element's centre is really that element for the mouse (nothing covers it). */
async function hitTestable(l: Locator): Promise<boolean> {
  return l.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return top !== null && el.contains(top);
  });
}

test.beforeEach(async ({ page }) => {
  // Sorted by name: the first row stays the same queue while the list refreshes.
  await login(page, 'operator', '/queues?q=yahoo&sort=name&dir=asc');
  await expect(firstRow(page)).toBeVisible();
});

test('queue row menu: opens visibly above the table; mouse clicks reach its items; Escape closes it', async ({ page }) => {
  const row = firstRow(page);
  await opener(row).click();
  const menu = page.getByRole('menu');
  await expect(menu).toBeVisible();
  const items = menu.getByRole('menuitem');
  await expect(items).toHaveText(['Pause', 'Resume', 'Retry now', 'Reset backoff']);
  // It reaches beyond the row's cell (it would be clipped there) and every item takes the mouse.
  const rowBox = (await row.boundingBox())!;
  const menuBox = (await menu.boundingBox())!;
  expect(menuBox.y + menuBox.height).toBeGreaterThan(rowBox.y + rowBox.height + 40);
  expect(menuBox.x + menuBox.width).toBeLessThanOrEqual(page.viewportSize()!.width);
  for (const item of await items.all()) expect(await hitTestable(item)).toBe(true);

  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();

  // Clicking the button again while open closes it (no close-then-reopen).
  await opener(row).click();
  await expect(menu).toBeVisible();
  await opener(row).click();
  await expect(menu).toBeHidden();

  // A mouse click on an item opens its confirmation in the same layer; Cancel closes it.
  await opener(row).click();
  await menu.getByRole('menuitem', { name: 'Retry now' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('action-preview')).toBeVisible();
  expect(await hitTestable(dialog.getByRole('button', { name: 'Cancel' }))).toBe(true);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
});

test('queue row menu: works from the keyboard, and its action is sent', async ({ page }) => {
  const row = firstRow(page);
  const testId = (await row.locator('[data-testid^="queue-actions-"]').getAttribute('data-testid'))!;
  const node = (await row.locator('[data-col="node"]').textContent())!;
  const queue = testId.slice(`queue-actions-${node}-`.length);
  const since = Date.now() - 5_000;
  await expect(opener(row)).toBeEnabled(); // disabled until the session's role is known
  await opener(row).focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu');
  await expect(menu).toBeVisible();
  const focused = () => page.evaluate(() => document.activeElement?.textContent ?? '');
  await expect.poll(focused).toBe('Pause');
  await page.keyboard.press('ArrowDown');
  await expect.poll(focused).toBe('Resume');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect.poll(focused).toBe('Reset backoff'); // wraps around
  await page.keyboard.press('Home');
  await expect.poll(focused).toBe('Pause');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect.poll(focused).toBe('Retry now');
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  const send = dialog.getByTestId('action-confirm');
  await expect(send).toBeEnabled();
  await send.press('Enter');
  // Sent: the layer closes and the action is in the audit log for this queue.
  await expect(dialog).toBeHidden();
  await expect
    .poll(async () => {
      const body = await api<AuditListResponse>(page, '/api/audit?limit=50');
      return body.entries.some((e) => e.action === 'retry' && e.pattern === queue && e.user === 'operator' && e.nodes.includes(node) && e.at >= since);
    })
    .toBe(true);
});
