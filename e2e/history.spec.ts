import { expect, test, type Page } from '@playwright/test';
import type { DomainHistoryResponse, HistoryResponse } from '@/lib/history/api-types';
import { api, login } from './helpers';
import { E2E } from './env';

// Relies on the lead placing <OverviewHistory /> on the overview page (/) and
// <DomainHistory domain={domain} /> on the domain drill-down (/domains/[domain]).
const DOMAIN = 'outlook.com';

async function csrfPost(page: Page, path: string, data: unknown) {
  const token = (await page.context().cookies()).find((c) => c.name === 'pmta_csrf')?.value ?? '';
  return page.request.post(path, { data, headers: { 'x-csrf-token': decodeURIComponent(token), origin: E2E.baseURL } });
}

test('the period switcher changes the charts and the URL', async ({ page }) => {
  await login(page, 'viewer');
  const section = page.getByTestId('overview-history');
  await expect(section).toBeVisible();
  // The console polls every 2 s in e2e: rates appear after a few polls.
  await expect(section.getByTestId('history-rate-chart')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await expect(section.getByTestId('history-backlog-chart')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await expect(section.getByTestId('period-1h')).toHaveAttribute('aria-pressed', 'true');

  const asked = page.waitForRequest((r) => r.url().includes('/api/history?') && r.url().includes('from=now-6h'));
  await section.getByTestId('period-6h').click();
  await asked;
  await expect(page).toHaveURL(/[?&]period=6h/);
  await expect(section.getByTestId('period-6h')).toHaveAttribute('aria-pressed', 'true');
  // A 6 h range buckets by ~22 s: on a console started a minute ago that is only a few
  // buckets, so the chart may say "collecting" until the next ones fill.
  await expect(section.getByTestId('history-rate-chart')).toHaveAttribute('data-state', 'ready', { timeout: 45_000 });

  // The URL is the state: a reload keeps the period.
  await page.reload();
  await expect(page.getByTestId('period-6h')).toHaveAttribute('aria-pressed', 'true');
  const r = await api<HistoryResponse>(page, '/api/history?metric=rate.out.rcp&from=now-6h');
  expect(r.series[0]!.points.length).toBeLessThanOrEqual(1001);
});

test('the drill-down chart shows a pause performed earlier as an annotation, with who and what', async ({ page }) => {
  await login(page, 'operator', `/domains/${DOMAIN}`);
  const pause = await csrfPost(page, '/api/actions', { action: 'pause', pattern: `${DOMAIN}/*`, nodes: 'all', confirm: `${DOMAIN}/*` });
  expect(pause.ok(), await pause.text()).toBe(true);
  const resume = await csrfPost(page, '/api/actions', { action: 'resume', pattern: `${DOMAIN}/*`, nodes: 'all', confirm: `${DOMAIN}/*` });
  expect(resume.ok(), await resume.text()).toBe(true);

  await expect
    .poll(async () => (await api<DomainHistoryResponse>(page, `/api/history/domain?domain=${DOMAIN}&from=now-1h`)).annotations.map((a) => a.action))
    .toEqual(expect.arrayContaining(['pause', 'resume']));

  await page.reload();
  const panel = page.getByTestId('domain-history-panel');
  await expect(panel.getByTestId('domain-backlog-history')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  // The pause and the resume a second later would overlap: one marker counts them, its hover lists both.
  const marker = panel
    .getByTestId('domain-backlog-history')
    .locator('[data-testid="chart-annotation-group"]')
    .filter({ hasText: 'operator: pause outlook.com/*' });
  await expect(marker.first()).toBeAttached();
  await expect(marker.first().locator('title')).toHaveText(/^\d+ actions:\n[^]*operator: pause outlook\.com\/\*[^]*operator: resume outlook\.com\/\*/);
  expect(Number(await marker.first().getAttribute('data-count'))).toBeGreaterThanOrEqual(2);
  // At least this test's pause (a retry on the same console adds its own).
  await expect(panel.getByTestId('domain-annotation').filter({ hasText: 'operator: pause outlook.com/*' }).first()).toBeVisible();
  await expect(panel.getByTestId('drain-eta')).toBeVisible();
});
