import { expect, test } from '@playwright/test';
import { api, login, sim } from './helpers';

interface Alerts {
  alerts: { id: number; rule: string; state: string; labels: Record<string, string>; link: string }[];
}
interface Audit {
  entries: { id: number; action: string; pattern: string }[];
}

const gmailAlert = (a: Alerts['alerts'][number]) => a.rule === 'backing-up' && a.labels.node === 'pmta1' && a.labels.domain === 'gmail.com';

test('a backing-up alert: badge, link to the pause preview (nothing sent), confirm pauses, the alert resolves', async ({ page, request }) => {
  test.setTimeout(150_000);
  await login(page, 'operator', '/alerts');
  const auditBefore = await api<Audit>(page, '/api/audit?domain=gmail.com');
  // pmta1: every gmail.com queue refuses with 421 4.7.28 (10 simulated minutes, 1 real minute).
  await sim(request, 0, 'backoff', { queue: 'gmail.com/*', provider: 'gmail', seconds: 600 });

  await expect(page.getByTestId('alert-badge')).toBeVisible({ timeout: 60_000 });
  const row = page
    .getByTestId('alert-row')
    .filter({ hasText: 'gmail.com' })
    .filter({ hasText: 'pmta1' })
    .and(page.locator('[data-rule="backing-up"][data-state="firing"]'));
  // The badge may already count another alert (the e2e fleet's simulated clocks run fast, so
  // clock-skew fires early): give this episode its own time — growth over the backing-up
  // rule's polls plus its `for:`.
  await expect(row).toBeVisible({ timeout: 60_000 });
  await expect(row).toContainText(/gmail\.com on pmta1: [\d,]+ rcpt, backlog grew/);

  await row.getByTestId('alert-act').click();
  await expect(page).toHaveURL(/\/domains\/gmail\.com\?node=pmta1&act=pause&pattern=gmail\.com%2F\*&duration=30m/);
  const panel = page.getByTestId('actions-panel');
  const preview = panel.getByTestId('action-preview');
  await expect(preview).toBeVisible();
  await expect(preview.getByTestId('preview-node-pmta1')).toBeVisible();
  await expect(preview.getByTestId('preview-node-pmta2')).toHaveCount(0);
  await expect(preview.getByTestId('resume-at')).not.toHaveValue('');
  // Pre-filled, not performed: nothing was sent or audited by opening the link.
  expect((await api<Audit>(page, '/api/audit?domain=gmail.com')).entries.length).toBe(auditBefore.entries.length);

  await preview.getByTestId('confirm-input').fill('gmail.com/*');
  await preview.getByTestId('action-confirm').click();
  await expect(panel.getByTestId('action-results')).toContainText(/Queue\(s\) paused\./);
  const view = await api<{ queues: { node: string; paused: boolean }[] }>(page, '/api/domains/gmail.com');
  expect(view.queues.filter((q) => q.node === 'pmta1').every((q) => q.paused)).toBe(true);

  // Paused by the operator: the evaluator resolves the alert on its next polls.
  await expect
    .poll(async () => (await api<Alerts>(page, '/api/alerts')).alerts.filter(gmailAlert).map((a) => a.state), { timeout: 30_000 })
    .not.toContain('firing');
  await expect.poll(async () => (await api<Alerts>(page, '/api/alerts?state=resolved')).alerts.some(gmailAlert)).toBe(true);

  // Leave the fleet as other specs expect it: resume.
  await panel.getByTestId('action-results').getByRole('button', { name: 'Close' }).click();
  await panel.getByTestId('action-resume').click();
  await panel.getByTestId('action-preview').getByTestId('confirm-input').fill('gmail.com/*');
  await panel.getByTestId('action-preview').getByTestId('action-confirm').click();
  await expect(panel.getByTestId('action-results')).toContainText(/Queue\(s\) resumed\./);
});
