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
  // CDP may deliver a response's ExtraInfo before the request's own event, so both are kept by
  // request id and joined when read.
  const wire = new Map<string, number>();
  const ours: string[] = [];
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.request.headers['x-probe'] === '1') ours.push(e.requestId);
  });
  // ExtraInfo carries the status line that came over the wire (responseReceived shows the stored 200).
  cdp.on('Network.responseReceivedExtraInfo', (e) => {
    wire.set(e.requestId, e.statusCode);
  });
  const statusesOf = (ids: string[]) => ids.flatMap((id) => (wire.has(id) ? [wire.get(id)!] : []));
  let statuses: number[] = [];
  // Two asks in a row usually fall between two polls (2 s here); a poll in between changes the
  // revision, so try a few pairs.
  let seen: { first: { status: number; text: string }; second: { status: number; text: string } } | null = null;
  for (let attempt = 0; attempt < 8 && !seen; attempt++) {
    const from = ours.length;
    const pair = await page.evaluate(async () => {
      const ask = async () => {
        const r = await fetch('/api/nodes', { cache: 'no-cache', credentials: 'same-origin', headers: { accept: 'application/json', 'x-probe': '1' } });
        return { status: r.status, text: await r.text() };
      };
      const first = await ask();
      const second = await ask();
      return { first, second };
    });
    // Chromium does not promise an ExtraInfo for every response; a pair without both is
    // inconclusive and the next pair is tried.
    for (let waited = 0; waited < 3000 && statusesOf(ours.slice(from, from + 2)).length < 2; waited += 50) {
      await page.waitForTimeout(50);
    }
    const pairIds = ours.slice(from, from + 2);
    statuses = statusesOf(pairIds);
    if (pairIds.length === 2 && statuses.length === 2 && statuses[1] === 304) seen = pair;
  }
  expect(seen, `network statuses of the last pair: ${statuses.join(', ')}`).not.toBeNull();
  expect(seen!.first.status).toBe(200);
  expect(seen!.second.status).toBe(200);
  expect(seen!.second.text).toBe(seen!.first.text);
  expect((JSON.parse(seen!.second.text) as { nodes: unknown[] }).nodes.length).toBeGreaterThan(0);
});
