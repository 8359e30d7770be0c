import { expect, test } from '@playwright/test';
import type { AuditListResponse } from '@/lib/audit/types';
import type { BouncesResponse } from '@/lib/accounting/store/types';
import type { ApiResponse } from '@/lib/api/contracts/registry';
import { api, login } from './helpers';

// Per-job accounting and actions, the job drill-down, source IPs and licence expiry, against
// the built console and the simulated fleet (whose accounting files the console follows).

test('an operator pauses a job from its per-job row on the bounces page, through the preview and confirmation', async ({ page }) => {
  const job = 'weekly-digest-481';
  await login(page, 'operator', '/bounces');
  await expect
    .poll(async () => (await api<BouncesResponse>(page, '/api/bounces?from=now-24h')).jobs.some((j) => j.key === job), { timeout: 45_000 })
    .toBe(true);
  await page.reload();
  const row = page.getByTestId('job-rates').getByTestId('job-rate-row').filter({ hasText: job });
  await row.getByTestId('bounce-job-pause').click();
  const dialog = page.getByTestId('tool-dialog');
  await expect(dialog.getByTestId('tool-command')).toHaveText(`pause job ${job}`);
  await dialog.getByTestId('tool-confirm').fill(job); // every node: the job id is typed
  await dialog.getByTestId('tool-send').click();
  await expect(dialog).toBeHidden();
  const audit = await api<AuditListResponse>(page, '/api/audit?user=operator&limit=1');
  expect(audit.entries[0]).toMatchObject({ action: 'pause-job', command: `pause job ${job}`, state: 'completed' });
  const jobs = await api<ApiResponse<'GET', '/api/jobs'>>(page, '/api/jobs');
  expect(jobs.jobs.find((j) => j.id === job)?.pausedOn).toEqual(['pmta1', 'pmta2', 'pmta3']);
  // and resumes it from the same row
  await row.getByTestId('bounce-job-resume').click();
  await page.getByTestId('tool-confirm').fill(job);
  await page.getByTestId('tool-send').click();
  await expect.poll(async () => (await api<ApiResponse<'GET', '/api/jobs'>>(page, '/api/jobs')).jobs.find((j) => j.id === job)?.pausedOn).toEqual([]);
});

test('the jobs page shows accounting per job; the drill-down lists its queues per node and pauses it on one node', async ({ page }) => {
  const job = 'onboarding-d3';
  await login(page, 'operator', '/jobs');
  await expect
    .poll(async () => (await api<ApiResponse<'GET', '/api/jobs/accounting'>>(page, '/api/jobs/accounting?from=now-24h')).jobs.length, { timeout: 45_000 })
    .toBeGreaterThan(0);
  await page.reload();
  const acct = await api<ApiResponse<'GET', '/api/jobs/accounting'>>(page, '/api/jobs/accounting?from=now-24h');
  const a = acct.jobs.find((j) => j.job === job)!;
  expect(a).toBeTruthy();
  await expect(page.getByTestId(`job-${job}`).getByTestId('job-delivered')).not.toHaveText('–');

  await page.getByTestId(`job-${job}`).getByRole('link', { name: job }).click();
  await expect(page).toHaveURL(new RegExp(`/jobs/${job}`));
  await expect(page.getByTestId('job-totals')).toContainText('Delivered');
  await expect(page.getByTestId('job-queue-row').first()).toBeVisible();
  await page.getByTestId('job-node-pmta2').getByRole('button', { name: 'Pause here' }).click();
  const dialog = page.getByTestId('tool-dialog');
  await expect(dialog.getByTestId('tool-command')).toHaveText(`pause job ${job}`);
  await dialog.getByTestId('tool-send').click(); // one node: no typed confirmation
  await expect(page.getByTestId('job-paused-on')).toHaveText('paused on pmta2');
  await page.getByTestId('job-node-pmta2').getByRole('button', { name: 'Resume here' }).click();
  await page.getByTestId('tool-send').click();
  await expect(page.getByTestId('job-paused-on')).toHaveText('running');
});

test('the source IP page lists each sending IP with its providers and vMTAs, and the overview shows licence expiry per node', async ({ page }) => {
  await login(page, 'viewer', '/sources');
  await expect
    .poll(async () => (await api<ApiResponse<'GET', '/api/sources'>>(page, '/api/sources?from=now-24h')).ips.length, { timeout: 45_000 })
    .toBeGreaterThan(0);
  await page.reload();
  const r = await api<ApiResponse<'GET', '/api/sources'>>(page, '/api/sources?from=now-24h');
  const top = r.ips[0]!;
  const row = page.locator(`[data-testid="source-ip-row"][data-ip="${top.ip}"]`);
  await expect(row).toBeVisible();
  await expect(row).toContainText(top.vmtas[0]!.vmta);
  await expect(page.getByTestId('source-provider-row').first()).toBeVisible();
  await expect(page.getByTestId('source-chart')).not.toHaveAttribute('data-points', '0');
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Source IPs' })).toBeVisible();

  // The page arrives with its data (server prefetch through the route handler).
  const doc = await (await page.request.get('/sources', { headers: { accept: 'text/html' } })).text();
  expect(doc).toContain(`data-ip="${top.ip}"`);

  await page.goto('/');
  // The simulated licences run a year: a date, no warning.
  await expect(page.getByTestId('license-pmta1')).toHaveText(/^\d{4}-\d{2}-\d{2} \(\d+ days\)$/);
});
