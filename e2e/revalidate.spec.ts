import { expect, test } from '@playwright/test';
import { login } from './helpers';

// The polled fleet reads are kept by Chromium's HTTP cache and revalidated (lib/api/route.ts,
// lib/query/fetcher.ts): asked again as apiFetch asks (`cache: 'no-cache'`), an unchanged
// answer comes back from the server as 304 without a body, and the page's script still gets
// the stored 200 with its JSON — the cache is transparent to apiFetch and TanStack Query.

test('an unchanged /api/nodes is revalidated with 304 and reaches the script as the stored 200', async ({ page }) => {
  await login(page, 'viewer');
  // What went over the wire, from Chromium's network layer (Playwright's response objects show
  // the stored 200 of a revalidated request).
  const statuses: number[] = [];
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const ours = new Set<string>();
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.request.headers['x-probe'] === '1') ours.add(e.requestId);
  });
  // ExtraInfo carries the status line that came over the wire (responseReceived shows the stored 200).
  cdp.on('Network.responseReceivedExtraInfo', (e) => {
    if (ours.has(e.requestId)) statuses.push(e.statusCode);
  });
  // Two asks in a row usually fall between two polls (2 s here); a poll in between changes the
  // revision, so try a few pairs.
  let seen: { first: { status: number; text: string }; second: { status: number; text: string } } | null = null;
  for (let attempt = 0; attempt < 8 && !seen; attempt++) {
    statuses.length = 0;
    const pair = await page.evaluate(async () => {
      const ask = async () => {
        const r = await fetch('/api/nodes', { cache: 'no-cache', credentials: 'same-origin', headers: { accept: 'application/json', 'x-probe': '1' } });
        return { status: r.status, text: await r.text() };
      };
      const first = await ask();
      const second = await ask();
      return { first, second };
    });
    await expect.poll(() => statuses.length).toBe(2);
    if (statuses[1] === 304) seen = pair;
  }
  expect(seen, `network statuses of the last pair: ${statuses.join(', ')}`).not.toBeNull();
  expect(seen!.first.status).toBe(200);
  expect(seen!.second.status).toBe(200);
  expect(seen!.second.text).toBe(seen!.first.text);
  expect((JSON.parse(seen!.second.text) as { nodes: unknown[] }).nodes.length).toBeGreaterThan(0);
});
