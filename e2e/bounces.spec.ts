import { expect, test } from '@playwright/test';
import type { BouncesResponse } from '@/lib/accounting/store/types';
import { E2E } from './env';
import { api, login, parseNum } from './helpers';

interface SimCounts {
  counts: { bounced: { total: number; byCategory: Record<string, number> }; fbl: { total: number; byReportedDomain: Record<string, number> } };
}

test('bounces page (last 24 h by default) shows the categories and the FBL chart with the simulator numbers, matching the API', async ({ page }) => {
  // The page polls and the numbers move (the fleet keeps ingesting): the page must show the
  // answer it last received, so keep it (a 304 leaves it as it was).
  let received: BouncesResponse | null = null;
  page.on('response', async (r) => {
    if (new URL(r.url()).pathname === '/api/bounces' && r.status() === 200) received = (await r.json()) as BouncesResponse;
  });
  await login(page, 'viewer', '/bounces');
  await expect(page.getByRole('heading', { level: 1, name: /bounces/i })).toBeVisible();
  // The console follows the simulator's accounting directories; wait for complaints to arrive.
  await expect.poll(async () => (await api<BouncesResponse>(page, '/api/bounces?from=now-24h')).totals.fbl, { timeout: 45_000 }).toBeGreaterThan(0);

  await expect
    .poll(
      async () => {
        const d = received;
        if (!d) return 'no answer received yet';
        if (parseNum(await page.getByTestId('fbl-total').textContent()) !== d.totals.fbl) return 'fbl total differs';
        for (const c of d.byCategory) {
          const ui = parseNum(
            await page
              .getByTestId(`cat-row-${c.category || 'none'}`)
              .getByTestId('cat-bounces')
              .textContent(),
          );
          if (ui !== c.bounces) return `${c.category}: ui ${ui} api ${c.bounces}`;
        }
        return 'same';
      },
      { timeout: 30_000 },
    )
    .toBe('same');

  const d = await api<BouncesResponse>(page, '/api/bounces?from=now-24h');
  expect(d.byCategory.length).toBeGreaterThanOrEqual(17);
  expect(d.totals.bounces).toBeGreaterThan(0);
  // The FBL chart drew bars, one group per time bucket.
  await expect(page.getByTestId('fbl-chart').locator('.recharts-bar-rectangle').first()).toBeVisible();
  expect(Number(await page.getByTestId('fbl-chart').getAttribute('data-points'))).toBeGreaterThan(0);
  await expect(page.getByTestId('fbl-domains').getByTestId('fbl-domain-row').first()).toBeVisible();
  await expect(page.getByTestId('ingest-row-pmta1')).toContainText('following');
  // Each source of the node, with the files it follows and how far each is read.
  const sources = page.getByTestId('ingest-sources-pmta1');
  await sources.getByText('2 sources').click();
  await expect(sources.getByTestId('ingest-source-default')).toContainText(/acct-\d{4}-\d{2}-\d{2}-\d{4}\.csv/);
  expect(d.ingestion.find((i) => i.node === 'pmta1')?.sources.map((x) => x.id)).toEqual(['default', 'push']);
  expect(d.bySourceIp.length).toBeGreaterThan(0);

  // Ingestion never runs ahead of the simulator: every count is at most its own tally,
  // read after ours (exact equality is proven by the integration tests on a frozen clock).
  const sims: SimCounts[] = [];
  for (let i = 0; i < 3; i++) sims.push((await (await page.request.get(`${E2E.simURL(i)}/_sim/state`)).json()) as SimCounts);
  const simFbl = sims.reduce((s, x) => s + x.counts.fbl.total, 0);
  const simBounces = sims.reduce((s, x) => s + x.counts.bounced.total, 0);
  expect(d.totals.fbl).toBeLessThanOrEqual(simFbl);
  expect(d.totals.bounces).toBeLessThanOrEqual(simBounces);
  for (const c of d.byCategory) expect(c.bounces).toBeLessThanOrEqual(sims.reduce((s, x) => s + (x.counts.bounced.byCategory[c.category] ?? 0), 0));
  for (const f of d.fbl.byReportedDomain)
    expect(f.total).toBeLessThanOrEqual(sims.reduce((s, x) => s + (x.counts.fbl.byReportedDomain[f.reportedDomain] ?? 0), 0));

  const csv = await page.request.get('/api/bounces/export?by=category');
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect(await csv.text()).toContain('bad-mailbox,hard,');
});
