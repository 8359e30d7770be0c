import { expect, test, type Page } from '@playwright/test';
import { login } from './helpers';

// One screenshot per page, theme and width (1440 desktop, 1024 narrow laptop/tablet, 390 phone),
// kept as test artifacts (test-results/<test>/<page>-<theme>-<width>.png, attached to the
// report), so layout changes can be reviewed without running the console. Every page load is
// also checked for failed requests (a missing favicon was a 404 on every page).
const PAGES = [
  { name: 'overview', path: '/', ready: 'nodes-table' },
  { name: 'queues', path: '/queues', ready: 'queue-row' },
  { name: 'domain', path: '/domains/gmail.com', ready: 'domain-queues' },
  { name: 'vmtas', path: '/vmtas', ready: 'vmta-row' },
  { name: 'backoff', path: '/backoff', ready: null },
  { name: 'bounces', path: '/bounces', ready: null },
  { name: 'sources', path: '/sources', ready: null },
  { name: 'jobs', path: '/jobs', ready: 'jobs-table' },
  { name: 'audit', path: '/audit', ready: null },
] as const;
const WIDTHS = [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
  { width: 390, height: 844 },
] as const;

/** Requests that failed (4xx/5xx) while the page loaded, as "404 /favicon.ico". */
function watchFailures(page: Page): string[] {
  const failed: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${new URL(r.url()).pathname}`);
  });
  return failed;
}

for (const theme of ['light', 'dark'] as const) {
  test(`screenshots of every page (${theme}, 1440/1024/390 px)`, async ({ page }, testInfo) => {
    // 21 full-page screenshots: generous on a shared 2-core machine.
    test.setTimeout(240_000);
    const failed = watchFailures(page);
    await page.addInitScript((t) => localStorage.setItem('pmta-theme', t), theme);
    await login(page, 'viewer');
    for (const size of WIDTHS) {
      await page.setViewportSize(size);
      for (const p of PAGES) {
        await page.goto(p.path);
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        if (p.ready) await expect(page.getByTestId(p.ready).first()).toBeVisible();
        else await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await expect(page.getByRole('status')).toHaveCount(0); // no "Loading …" left
        const file = testInfo.outputPath(`${p.name}-${theme}-${size.width}.png`);
        await page.screenshot({ path: file, fullPage: p.name !== 'queues' });
        await testInfo.attach(`${p.name}-${theme}-${size.width}`, { path: file, contentType: 'image/png' });
      }
    }
    expect(failed).toEqual([]);
  });
}

/** How far the page scrolls sideways (0 = it fits). */
const sidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

for (const size of [WIDTHS[1], WIDTHS[2]]) {
  test(`queues page at ${size.width} px: no sideways scroll, key columns in view`, async ({ page }) => {
    await page.setViewportSize(size);
    await login(page, 'viewer', '/queues');
    await expect(page.getByTestId('queue-row').first()).toBeVisible();
    expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
    const table = page.getByTestId('queue-table');
    // Name, recipients, mode and Act: visible and inside the viewport — except that the phone
    // view is read-only, so at 390 px the Act column is not rendered at all.
    const phone = size.width < 540;
    if (phone) await expect(table.locator('th[data-col="actions"]')).toBeHidden();
    for (const col of phone ? ['domain', 'rcp', 'mode'] : ['domain', 'rcp', 'mode', 'actions']) {
      const head = table.locator(`th[data-col="${col}"]`);
      await expect(head).toBeVisible();
      const box = (await head.boundingBox())!;
      expect(box.x + box.width, col).toBeLessThanOrEqual(size.width);
    }
    // The columns that make room are gone, not squeezed.
    await expect(table.locator('th[data-col="kb"]')).toBeHidden();
    // The sidebar folded into a row above the page.
    const nav = (await page.getByRole('navigation', { name: 'Main' }).boundingBox())!;
    expect(nav.width).toBeGreaterThan(size.width - 40);
    // Every other page fits sideways too.
    for (const p of PAGES) {
      await page.goto(p.path);
      await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
      expect(await sidewaysScroll(page), p.path).toBeLessThanOrEqual(0);
    }
  });
}
