import { expect, test } from '@playwright/test';
import type { DomainView, NodesResponse } from '@/lib/api/responses';
import { api, login, sim } from './helpers';

// What an operator sees when a node stops answering mid-session, and acting on one node alone.
const DOMAIN = 'gmail.com';
const DOWN = 'pmta3'; // node index 2

async function nodeHealth(page: import('@playwright/test').Page, id: string) {
  const r = await api<NodesResponse>(page, '/api/nodes');
  return r.nodes.find((n) => n.id === id)!.health.state;
}

test('a node that stops answering: tiles say partial, its rows are badged, the preview leaves it out', async ({ page, request }) => {
  await login(page, 'operator', '/');
  await expect.poll(() => nodeHealth(page, DOWN)).toBe('ok');
  await expect(page.getByTestId('fleet-partial')).toHaveCount(0);

  // pmta3 stops answering: every monitor reply is held for a minute (the console times out).
  await sim(request, 2, 'stall', { ms: 60_000 });
  try {
    await expect.poll(() => nodeHealth(page, DOWN), { timeout: 30_000 }).not.toBe('ok');

    // Overview: the fleet tiles say they are partial and which node is missing.
    await expect(page.getByTestId('fleet-partial')).toContainText(/partial — \S*pmta3\S* (stale|down)/i);
    await expect(page.getByTestId('kpi-partial').first()).toBeVisible();
    await expect(page.getByTestId(`node-row-${DOWN}`).getByTestId('stale-badge')).toBeVisible();
    await expect(page.getByTestId('node-row-pmta1').getByTestId('stale-badge')).toHaveCount(0);
    // The fleet charts mark the outage (no successful poll of pmta3) as a band labelled so.
    await expect(page.getByTestId('history-rate-chart').locator('[data-testid="chart-outage"][data-label="pmta3 down"]')).toBeAttached({ timeout: 30_000 });

    // Drill-down: the node's queue rows and its verdict carry the stale badge; the others do not.
    await page.goto(`/domains/${DOMAIN}`);
    const rows = page.getByTestId('domain-queue-row');
    await expect(rows.filter({ hasText: DOWN }).first().getByTestId('stale-badge')).toBeVisible();
    await expect(rows.filter({ hasText: 'pmta1' }).first().getByTestId('stale-badge')).toHaveCount(0);
    await expect(page.getByTestId(`verdict-${DOWN}`).getByTestId('stale-badge')).toBeVisible();

    // The preview marks it "down, data N s old", excludes it, and counts the other two only.
    const panel = page.getByTestId('actions-panel');
    await panel.getByTestId('action-pause').click();
    const preview = panel.getByTestId('action-preview');
    const row = preview.getByTestId(`preview-node-${DOWN}`);
    await expect(row.getByTestId('preview-node-down')).toHaveText(/^(stale|down), (data \d+ s old|no data yet)$/);
    await expect(row).toHaveAttribute('data-excluded', 'true');
    await expect(preview.getByTestId('preview-total')).toContainText('on 2 node(s)');
    // Included explicitly: counted again.
    await row.getByTestId(`include-down-${DOWN}`).check();
    await expect(preview.getByTestId('preview-total')).toContainText('on 3 node(s)');
    await preview.getByRole('button', { name: 'Cancel' }).click();
  } finally {
    await sim(request, 2, 'stall', { ms: 0 });
  }
  await expect.poll(() => nodeHealth(page, DOWN), { timeout: 30_000 }).toBe('ok');
});

test('pausing gmail on one node from its verdict: one click, the confirmation, a 15-minute preset; "resumes in", cancel', async ({ page }) => {
  await login(page, 'operator', `/domains/${DOMAIN}`);
  const mine = page.getByTestId('node-actions-pmta1');
  await mine.getByTestId('node-action-pause').click();
  const preview = mine.getByTestId('action-preview');
  await expect(preview.getByTestId('preview-node-pmta1')).toBeVisible();
  await expect(preview.getByTestId('preview-node-pmta2')).toHaveCount(0);
  await expect(preview.getByTestId('preview-total')).toContainText('on 1 node(s)');

  // A past time is refused in the form.
  await preview.getByTestId('resume-at').fill('2020-01-01T00:00');
  await expect(preview.getByTestId('resume-at-problem')).toHaveText('that time is in the past');
  await expect(preview.getByTestId('action-confirm')).toBeDisabled();

  await preview.getByTestId('resume-preset-15').click();
  await expect(preview.getByTestId('resume-at-problem')).toHaveCount(0);
  await preview.getByTestId('confirm-input').fill(`${DOMAIN}/*`);
  await preview.getByTestId('action-confirm').click();
  const result = mine.getByTestId('action-results').getByTestId('result-pmta1');
  await expect(result).toContainText('verified');

  const view = await api<DomainView>(page, `/api/domains/${DOMAIN}`);
  expect(view.queues.filter((q) => q.node === 'pmta1').every((q) => q.paused)).toBe(true);
  expect(view.queues.filter((q) => q.node !== 'pmta1').some((q) => q.paused)).toBe(false);

  const scheduled = page.getByTestId('scheduled-resumes');
  await expect(scheduled.getByTestId('resumes-in')).toHaveText(/^resumes in 1[45] min$/);
  await scheduled.getByTestId('resume-cancel').click();
  await expect(page.getByTestId('scheduled-resumes')).toHaveCount(0);

  // Back as it was, for the specs that follow: resume it on pmta1, again in one click + confirmation.
  await mine.getByTestId('action-results').getByRole('button', { name: 'Close' }).click();
  await mine.getByTestId('node-action-resume').click();
  await mine.getByTestId('confirm-input').fill(`${DOMAIN}/*`);
  await mine.getByTestId('action-confirm').click();
  await expect(mine.getByTestId('action-results').getByTestId('result-pmta1')).toContainText('verified');
});
