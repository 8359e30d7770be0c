import { expect, test } from '@playwright/test';
import { login } from './helpers';

// One screenshot per page and theme, kept as test artifacts (test-results/<test>/<page>-<theme>.png
// and attached to the report), so layout changes can be reviewed without running the console.
const PAGES = [
  { name: 'overview', path: '/', ready: 'nodes-table' },
  { name: 'queues', path: '/queues', ready: 'queue-row' },
  { name: 'domain', path: '/domains/gmail.com', ready: 'domain-queues' },
  { name: 'vmtas', path: '/vmtas', ready: 'vmta-row' },
  { name: 'backoff', path: '/backoff', ready: null },
  { name: 'bounces', path: '/bounces', ready: null },
  { name: 'audit', path: '/audit', ready: null },
] as const;

for (const theme of ['light', 'dark'] as const) {
  test(`screenshots of every page (${theme})`, async ({ page }, testInfo) => {
    await page.addInitScript((t) => localStorage.setItem('pmta-theme', t), theme);
    await login(page, 'viewer');
    for (const p of PAGES) {
      await page.goto(p.path);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      if (p.ready) await expect(page.getByTestId(p.ready).first()).toBeVisible();
      else await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.getByRole('status')).toHaveCount(0); // no "Loading …" left
      const file = testInfo.outputPath(`${p.name}-${theme}.png`);
      await page.screenshot({ path: file, fullPage: p.name !== 'queues' });
      await testInfo.attach(`${p.name}-${theme}`, { path: file, contentType: 'image/png' });
    }
  });
}
