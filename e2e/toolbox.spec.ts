import { expect, test, type Page } from '@playwright/test';
import type { AuditListResponse } from '@/lib/audit/types';
import type { DomainView } from '@/lib/api/responses';
import type { LedgerResponse } from '@/lib/ledger/types';
import { api, login, sim } from './helpers';
import { E2E } from './env';

async function csrfPost(page: Page, path: string, data: unknown) {
  const token = (await page.context().cookies()).find((c) => c.name === 'pmta_csrf')?.value ?? '';
  return page.request.post(path, { data, headers: { 'x-csrf-token': decodeURIComponent(token), origin: E2E.baseURL } });
}

// The operator's toolbox in the browser, against the built console and the simulated fleet.

test('an operator pauses a job on every node from the jobs page, then resumes it', async ({ page }) => {
  await login(page, 'operator', '/jobs');
  const row = page.getByTestId('job-winback-q4');
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: 'Pause' }).click();
  const dialog = page.getByTestId('tool-dialog');
  await expect(dialog.getByTestId('tool-command')).toHaveText('pause job winback-q4');
  await expect(dialog.getByTestId('tool-send')).toBeDisabled(); // three nodes: the job id must be typed
  await dialog.getByTestId('tool-confirm').fill('winback-q4');
  await dialog.getByTestId('tool-send').click();
  await expect(row.getByTestId('job-paused-on')).toHaveText('pmta1, pmta2, pmta3');
  const audit = await api<AuditListResponse>(page, '/api/audit?user=operator&limit=1');
  expect(audit.entries[0]).toMatchObject({ action: 'pause-job', command: 'pause job winback-q4', state: 'completed' });

  await row.getByRole('button', { name: 'Resume' }).click();
  await page.getByTestId('tool-confirm').fill('winback-q4');
  await page.getByTestId('tool-send').click();
  await expect(row.getByTestId('job-paused-on')).toHaveText('running');
});

test('an operator disables a source for a domain from the drill-down and sees it listed', async ({ page }) => {
  await login(page, 'operator', '/domains/yahoo.com');
  const box = page.getByTestId('queue-toolbox');
  await box.getByLabel('Source IP').fill('192.0.2.77');
  await box.getByLabel('Re-enable after').fill('1h');
  await box.getByTestId('disable-source').click();
  await expect(page.getByTestId('tool-command')).toContainText(/^disable source --reenable-after=1h 192\.0\.2\.77 yahoo\.com\//);
  await page.getByTestId('tool-send').click();
  await expect(box.getByTestId('disabled-source').filter({ hasText: '192.0.2.77' })).toBeVisible();
  // clean up: enable it again
  await box.getByTestId('disabled-source').filter({ hasText: '192.0.2.77' }).getByRole('button', { name: 'Enable' }).click();
  await page.getByTestId('tool-send').click();
  await expect(box.getByTestId('disabled-source').filter({ hasText: '192.0.2.77' })).toHaveCount(0);
});

test('an admin deletes a small queue with typed confirmation; the audit log has the counts', async ({ page }) => {
  await login(page, 'admin', '/domains/treyresearch.net');
  const box = page.getByTestId('queue-toolbox');
  await box.getByTestId('delete-queue').click();
  const dialog = page.getByTestId('tool-dialog');
  await expect(dialog.getByTestId('tool-command')).toContainText(/^delete --queue=treyresearch\.net\//);
  await expect(dialog.getByTestId('tool-total')).toContainText('1 queue(s)');
  await expect(dialog.getByTestId('tool-send')).toBeDisabled(); // even one queue on one node
  const target = (await dialog.getByTestId('tool-command').textContent())!.replace('delete --queue=', '');
  await dialog.getByTestId('tool-confirm').fill(target);
  await dialog.getByTestId('tool-send').click();
  await expect(dialog).toHaveCount(0);
  const audit = await api<AuditListResponse>(page, '/api/audit?user=admin&limit=1');
  expect(audit.entries[0]).toMatchObject({ action: 'delete', pattern: target, state: 'completed' });
  expect(audit.entries[0]!.results[0]!.verification?.detail).toMatch(/^before: \d+ recipient\(s\).*; after: /);
});

test('a console pause lost in a PowerMTA restart shows as drift naming the restart; restore pauses it again', async ({ page }) => {
  await login(page, 'operator', '/');
  const res = await csrfPost(page, '/api/actions', { action: 'pause', pattern: 'outlook.com/vmta-2', nodes: ['pmta1'], reason: 'e2e drift' });
  expect(res.status(), await res.text()).toBe(200);
  await page.waitForTimeout(2500); // a poll records the node's startupTime as seen
  await sim(page.request, 0, 'restart');
  const drift = page.getByTestId('drift-item').filter({ hasText: 'outlook.com/vmta-2' });
  await expect(drift).toContainText('restarted', { timeout: 10_000 }); // two poll intervals (2 s) + page refresh
  await drift.getByTestId('restore').click();
  await page.getByTestId('action-preview').getByTestId('action-confirm').click();
  await expect
    .poll(async () => (await api<DomainView>(page, '/api/domains/outlook.com')).queues.find((q) => q.node === 'pmta1' && q.vmta === 'vmta-2')?.paused)
    .toBe(true);
  await expect
    .poll(async () => (await api<LedgerResponse>(page, '/api/ledger')).intents.find((i) => i.target === 'outlook.com/vmta-2')?.drift ?? null)
    .toBeNull();
  // clean up
  await csrfPost(page, '/api/actions', { action: 'resume', pattern: 'outlook.com/vmta-2', nodes: ['pmta1'] });
});
