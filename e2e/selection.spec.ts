import { expect, test } from '@playwright/test';
import type { AuditListResponse } from '@/lib/audit/types';
import type { QueuesResponse } from '@/lib/api/responses';
import { api, login } from './helpers';
import { E2E } from './env';

// Queues-page selection against the built console and the simulated fleet: tick three rows
// (one click, then a shift-click two rows on), pause them in one action, and see exactly
// those three paused — at the simulator (the commands it ran) and in the console.

const FILTER = 'q=comcast.net&sort=name&dir=asc';

test('an operator selects three queues on the queues page and pauses them in one action', async ({ page }) => {
  await login(page, 'operator', `/queues?${FILTER}`);
  const boxes = page.getByTestId('queue-select');
  await expect(boxes.nth(3)).toBeVisible(); // at least four rows, so the fourth stays unticked
  const labels = await Promise.all([0, 1, 2].map((i) => boxes.nth(i).getAttribute('aria-label')));
  const picked = labels.map((l) => {
    const [, node, queue] = /^Select (\S+) (\S+)$/.exec(l ?? '')!;
    return { node: node!, queue: queue! };
  });
  await boxes.nth(0).click();
  await boxes.nth(2).click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('selection-count')).toHaveText('3 selected');
  await expect(boxes.nth(3)).not.toBeChecked();

  await page.getByTestId('selection-pause').click();
  const dialog = page.getByTestId('selection-dialog');
  await expect(dialog.getByTestId('selection-queue')).toHaveCount(3);
  for (const p of picked) await expect(dialog.getByTestId(`selection-node-${p.node}`)).toContainText(p.queue);
  await expect(dialog.getByTestId('selection-send')).toBeDisabled(); // one typed confirmation
  await dialog.getByTestId('selection-confirm').fill('pause 3 queues');
  await dialog.getByTestId('selection-send').click();
  await expect(dialog.getByTestId('selection-outcome')).toContainText('completed');

  // At the simulator: each node ran exactly the pause of its selected queues.
  for (const node of new Set(picked.map((p) => p.node))) {
    const index = Number(/\d+$/.exec(node)![0]) - 1;
    const state = (await (await page.request.get(`${E2E.simURL(index)}/_sim/state`)).json()) as { commands: string[] };
    const pauses = state.commands.filter((c) => c.startsWith('pause queue comcast.net/'));
    expect(pauses.sort()).toEqual(
      picked
        .filter((p) => p.node === node)
        .map((p) => `pause queue ${p.queue}`)
        .sort(),
    );
  }
  // In the console: exactly those three are paused among the filtered queues.
  await expect(async () => {
    const paused = await api<QueuesResponse>(page, `/api/queues?${FILTER}&paused=true`);
    expect(paused.rows.map((r) => `${r.node} ${r.name}`).sort()).toEqual(picked.map((p) => `${p.node} ${p.queue}`).sort());
  }).toPass();
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('queue-row').filter({ hasText: 'paused' })).toHaveCount(3);
  const audit = await api<AuditListResponse>(page, '/api/audit?user=operator&limit=1');
  expect(audit.entries[0]).toMatchObject({ action: 'pause', pattern: 'comcast.net/*', state: 'completed' });
  // Every distinct command sent, one per line (the same queue name on two nodes is one command).
  expect(new Set(audit.entries[0]!.command.split('\n'))).toEqual(new Set(picked.map((p) => `pause queue ${p.queue}`)));
  expect(audit.entries[0]!.nodes.sort()).toEqual([...new Set(picked.map((p) => p.node))].sort());

  // "Select all matching the filter", then resume them all in one action (and leave the fleet as it was).
  await page.goto(`/queues?${FILTER}&paused=true`);
  await page.getByTestId('select-all-matching').click();
  await expect(page.getByTestId('selection-count')).toHaveText('All 3 matching the filter selected');
  await page.getByTestId('selection-resume').click();
  await page.getByTestId('selection-confirm').fill('resume 3 queues');
  await page.getByTestId('selection-send').click();
  await expect(page.getByTestId('selection-outcome')).toContainText('completed');
  const after = await api<QueuesResponse>(page, `/api/queues?${FILTER}&paused=true`);
  expect(after.total).toBe(0);
});
