import { expect, test } from '@playwright/test';
import type { NodesResponse } from '@/lib/api/responses';
import { api, login, sim } from './helpers';

// Real installs: a Unicode IDN queue and `{default}` queues (pmta1 and pmta3 have them), with
// ages shown through each node's measured clock.
test('the drill-down of a Unicode IDN domain shows its queue and the last error with its age', async ({ page }) => {
  await login(page, 'viewer');
  await sim(page.request, 0, 'backoff', { queue: 'bücher.de/vmta-1', provider: 'timeout', seconds: 600 });
  await page.goto(`/domains/${encodeURIComponent('bücher.de')}`);
  const row = page.getByTestId('domain-queue-row').filter({ hasText: 'pmta1' });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('link', { name: 'vmta-1' })).toBeVisible();
  // The error's age, converted through the node's clock: seconds or minutes ago, never "in …".
  await expect(row.getByTestId('queue-last-error')).toContainText(/(just now|\d+[sm] ago): .*(ETIMEDOUT|timed out|connection)/i);
  await expect(row.getByTestId('queue-next-retry')).toHaveText(/^(in \d+[sm]|just now|\d+s ago)$/);
  // Recipient events are off by default on PowerMTA: the page says how to turn them on.
  await expect(page.getByTestId('recipient-events-off')).toContainText('track-recipient-events true');

  const nodes = await api<NodesResponse>(page, '/api/nodes');
  expect(nodes.nodes.every((n) => n.clock !== null && n.truncated === null)).toBe(true);
});

test('{default} queues are listed and searchable like any other', async ({ page }) => {
  await login(page, 'viewer', '/domains/gmail.com');
  const defaults = page.getByTestId('domain-queue-row').filter({ hasText: '{default}' });
  await expect(defaults).toHaveCount(2); // pmta1 and pmta3
});
