import { expect, test, type Page } from '@playwright/test';
import type { AuditListResponse } from '@/lib/audit/types';
import type { DomainView } from '@/lib/api/responses';
import { api, login } from './helpers';

const DOMAIN = 'gmail.com';
const NODES = ['pmta1', 'pmta2', 'pmta3'];

async function runFromPanel(page: Page, action: 'pause' | 'resume', word: RegExp) {
  const panel = page.getByTestId('actions-panel');
  await panel.getByTestId(`action-${action}`).click();
  const preview = panel.getByTestId('action-preview');
  // The blast radius: every node, and a total, before anything is sent.
  for (const n of NODES) await expect(preview.getByTestId(`preview-node-${n}`)).toBeVisible();
  await expect(preview.getByTestId('preview-total')).toContainText('on 3 node(s)');
  // Domain on all nodes = wildcard + multi-node: the target must be typed.
  await expect(preview.getByTestId('action-confirm')).toBeDisabled();
  await preview.getByTestId('confirm-input').fill(`${DOMAIN}/*`);
  await preview.getByTestId('action-confirm').click();
  const results = panel.getByTestId('action-results');
  for (const n of NODES) {
    const row = results.getByTestId(`result-${n}`);
    await expect(row).toContainText('ok');
    await expect(row).toContainText(word);
    await expect(row).toContainText('verified');
  }
  await expect(page.getByTestId('toast').first()).toContainText('3 of 3 node(s) ok');
}

test('an operator pauses a domain on all nodes from its drill-down, sees it paused, and resumes it', async ({ page }) => {
  await login(page, 'operator', `/domains/${DOMAIN}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(DOMAIN);
  await runFromPanel(page, 'pause', /Queue\(s\) paused\./);
  let resumed = false;
  try {
    // The console shows the paused state: every queue row of the domain carries the badge.
    const rows = page.getByTestId('domain-queue-row');
    await expect.poll(async () => (await rows.count()) > 0 && (await rows.count()) === (await rows.filter({ hasText: 'paused' }).count())).toBe(true);
    // Polled: once (CI, 2026-12-02) a queue read unpaused here right after every row showed
    // paused; the cause is not found (polls are single-flight, verification re-polls after the
    // send), so the spec waits for the API to agree rather than reading it once.
    await expect
      .poll(async () => {
        const view = await api<DomainView>(page, `/api/domains/${DOMAIN}`);
        return view.queues.every((q) => q.paused) && new Set(view.queues.map((q) => q.node)).size === NODES.length;
      })
      .toBe(true);

    await page.getByTestId('action-results').getByRole('button', { name: 'Close' }).click();
    await runFromPanel(page, 'resume', /Queue\(s\) resumed\./);
    resumed = true;
    await expect.poll(async () => rows.filter({ hasText: 'paused' }).count()).toBe(0);
  } finally {
    // The simulated fleet is shared by every spec: never leave the domain paused behind.
    if (!resumed)
      await page
        .getByTestId('action-results')
        .getByRole('button', { name: 'Close' })
        .click()
        .then(() => runFromPanel(page, 'resume', /Queue\(s\) resumed\./))
        .catch(() => undefined);
  }

  const audit = await api<AuditListResponse>(page, `/api/audit?domain=${DOMAIN}&user=operator&limit=2`);
  expect(audit.entries.map((e) => [e.action, e.pattern, e.state, e.nodes.length])).toEqual([
    ['resume', `${DOMAIN}/*`, 'completed', 3],
    ['pause', `${DOMAIN}/*`, 'completed', 3],
  ]);
  await page.goto('/audit');
  await expect(page.getByTestId(`audit-row-${audit.entries[1]!.id}`)).toContainText('Pause');
});

test('a viewer finds no enabled action, and the API refuses them', async ({ page }) => {
  await login(page, 'viewer', `/domains/${DOMAIN}`);
  const panel = page.getByTestId('actions-panel');
  await expect(panel.getByTestId('actions-denial')).toHaveText('viewer role: read-only');
  const buttons = panel.getByRole('button');
  expect(await buttons.count()).toBeGreaterThanOrEqual(4);
  for (const b of await buttons.all()) await expect(b).toBeDisabled();
  for (const c of await panel.locator('input, select').all()) await expect(c).toBeDisabled();
  const res = await page.request.post('/api/actions', { data: { action: 'pause', pattern: `${DOMAIN}/*`, nodes: 'all', confirm: `${DOMAIN}/*` } });
  expect(res.status()).toBe(403);
});
