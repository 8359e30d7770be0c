import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import type { QueuesResponse } from '@/lib/api/responses';
import { api, login } from './helpers';

const collator = new Intl.Collator('en', { numeric: true });
const rows = (page: Page) => page.getByTestId('queue-row');
const column = (page: Page, col: string) => rows(page).locator(`[data-col="${col}"]`).allTextContents();

/** RFC 4180 parser, enough for the export (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let f = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        f += '"';
        i++;
      } else if (c === '"') quoted = false;
      else f += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(f);
      f = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(f);
      out.push(row);
      row = [];
      f = '';
      i++;
    } else f += c;
  }
  return out;
}

test('queues: sorts on a column, filters by text and node in the URL, reload keeps the view', async ({ page }) => {
  await login(page, 'viewer', '/queues');
  await expect(rows(page).first()).toBeVisible();

  await page.getByTestId('sort-domain').click();
  await expect(page).toHaveURL(/sort=domain/);
  await expect(page).toHaveURL(/dir=asc/);
  await expect
    .poll(async () => {
      const d = await column(page, 'domain');
      return d.length > 5 && d.every((x, i) => i === 0 || collator.compare(d[i - 1]!, x) <= 0);
    })
    .toBe(true);
  await page.getByTestId('sort-domain').click();
  await expect(page).toHaveURL(/dir=desc/);
  await expect
    .poll(async () => {
      const d = await column(page, 'domain');
      return d.length > 5 && d.every((x, i) => i === 0 || collator.compare(d[i - 1]!, x) >= 0);
    })
    .toBe(true);

  await page.getByTestId('filter-text').fill('gmail');
  await expect(page).toHaveURL(/q=gmail/);
  await page.getByTestId('node-picker').selectOption('pmta2');
  await expect(page).toHaveURL(/node=pmta2/);
  const check = async () => {
    await expect
      .poll(async () => {
        const [nodes, domains] = [await column(page, 'node'), await column(page, 'domain')];
        return nodes.length > 0 && nodes.every((n) => n === 'pmta2') && domains.every((d) => d.includes('gmail'));
      })
      .toBe(true);
  };
  await check();
  const url = page.url();

  await page.reload();
  expect(page.url()).toBe(url);
  await expect(page.getByTestId('filter-text')).toHaveValue('gmail');
  await expect(page.getByTestId('node-picker')).toHaveValue('pmta2');
  await check();
  // The count on screen is the API's for the same view.
  const api1 = await api<QueuesResponse>(page, '/api/queues?q=gmail&node=pmta2&sort=domain&dir=desc&limit=1');
  await expect(page.getByTestId('queue-count')).toHaveText(String(api1.total));
});

test('queues: CSV export holds exactly the rows of the filtered view', async ({ page }) => {
  // Queue names and nodes are stable (the simulator lists empty queues too); sorted by name,
  // the order is stable too, while recipient counts move every poll.
  await login(page, 'viewer', '/queues?q=yahoo&mode=normal&sort=name&dir=asc');
  await expect(rows(page).first()).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  expect(download.suggestedFilename()).toMatch(/^queues-.*\.csv$/);
  const csv = parseCsv(await readFile((await download.path())!, 'utf8'));
  expect(csv[0]).toEqual(['node', 'queue', 'domain', 'vmta', 'rcp', 'kb', 'conn', 'mode', 'paused', 'retryTime', 'lastError', 'lastErrorTime']);
  const body = csv.slice(1);
  expect(body.length).toBeGreaterThan(0);
  expect(body.every((r) => r.length === 12 && r[2]!.includes('yahoo'))).toBe(true);

  const res = await page.request.get('/api/queues/export?q=yahoo&mode=normal&sort=name&dir=asc');
  expect(res.headers()['content-type']).toContain('text/csv');
  expect(res.headers()['content-disposition']).toMatch(/^attachment; filename="queues-.*\.csv"$/);

  const fromApi = await api<QueuesResponse>(page, '/api/queues?q=yahoo&mode=normal&sort=name&dir=asc&limit=5000');
  const apiNames = fromApi.rows.map((r) => `${r.node} ${r.name}`);
  const csvNames = body.map((r) => `${r[0]} ${r[1]}`);
  // A queue can enter backoff between the two calls (random episodes): compare what both saw as normal.
  const both = new Set(apiNames.filter((n) => csvNames.includes(n)));
  expect(both.size).toBeGreaterThan(apiNames.length - 5);
  expect(csvNames.filter((n) => both.has(n))).toEqual(apiNames.filter((n) => both.has(n)));
  expect(body.every((r) => r[7] === 'normal')).toBe(true);
});
