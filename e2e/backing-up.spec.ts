import { expect, test } from '@playwright/test';
import { login, sim } from './helpers';

test('a Gmail backoff episode: backing up with reasons, drill-down errors, backoff board group', async ({ page, request }) => {
  await login(page, 'viewer');
  // pmta1 (node index 0): every gmail.com queue refuses with 421 4.7.28 for 10 simulated minutes.
  await sim(request, 0, 'backoff', { queue: 'gmail.com/*', provider: 'gmail', seconds: 600 });

  // The rule needs the backlog to grow over `growthPolls` polls while deliveries stall.
  const flagged = page.getByTestId('backing-up-gmail.com').filter({ hasText: 'on pmta1' });
  await expect(flagged).toBeVisible({ timeout: 45_000 });
  const reasons = flagged.getByTestId('backing-up-reasons');
  await expect(reasons).toContainText(/backlog grew .* over \d+ polls/);
  await expect(reasons).toContainText(/queues? in backoff/);
  await expect(reasons).toContainText('4.7.28');
  // Repeated SMTP texts collapse into their signature with a count; the raw text on demand.
  await expect(page.getByTestId('backing-up-signatures').getByTestId('backing-up-signature-gmail-4.7.28')).toContainText(/Gmail.*×\d+/);
  const err = flagged.getByTestId('backing-up-error');
  await expect(err.getByTestId('backing-up-error-text')).toBeHidden();
  await err.getByText('text', { exact: true }).click();
  await expect(err.getByTestId('backing-up-error-text')).toBeVisible();
  await expect(err.getByTestId('backing-up-error-text')).toContainText('4.7.28');

  await flagged.getByRole('link', { name: 'gmail.com' }).click();
  await expect(page).toHaveURL(/\/domains\/gmail\.com/);
  await expect(page.getByTestId('verdict-pmta1').getByTestId('verdict-backing-up')).toBeVisible();
  await expect(page.getByTestId('domain-error').filter({ hasText: 'pmta1' }).filter({ hasText: '4.7.28' }).first()).toBeVisible();
  await expect(page.getByTestId('backoff-reason').first()).toContainText('4.7.28');

  await page.getByRole('link', { name: 'Backoff', exact: true }).click();
  const group = page.getByTestId('backoff-group-gmail-4.7.28');
  await expect(group.getByTestId('backoff-group-label')).toContainText('Gmail');
  await expect(group.getByTestId('backoff-queue').filter({ hasText: 'pmta1' }).filter({ hasText: 'gmail.com' }).first()).toBeVisible();
  // Domain links on the board lead to the drill-down.
  await expect(group.getByRole('link', { name: 'gmail.com' }).first()).toHaveAttribute('href', '/domains/gmail.com');
});
