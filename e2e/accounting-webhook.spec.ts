import { expect, test } from '@playwright/test';
import { DEMO_WEBHOOK_SECRET } from '../scripts/demo-config';
import { E2E } from './env';

// The accounting webhook through the built app: proxy.ts lets exactly this path through
// without a session, the route checks the node's own secret, and a re-posted batch is
// acknowledged without being counted again. (The batch holds only a header line, so the
// bounce totals other specs compare with the simulator stay untouched.)
test('PowerMTA can push accounting batches to the webhook with its secret, once', async ({ request }) => {
  const url = `${E2E.baseURL}/api/accounting/webhook/pmta1`;
  const batch = 'type,timeLogged,rcpt\n';
  const key = `e2e-${Date.now()}`; // the store outlives a run: a fresh batch id per run
  const anonymous = await request.post(url, { data: batch, headers: { 'content-type': 'text/csv' } });
  expect(anonymous.status()).toBe(401);
  expect((await anonymous.json()).error.message).toBe('bad or missing webhook secret'); // the route's own check, not the proxy's
  expect((await request.post(`${url}/not-the-secret`, { data: batch })).status()).toBe(401);
  expect(
    (await request.post(`${E2E.baseURL}/api/accounting/webhook/pmta2`, { data: batch, headers: { authorization: `Bearer ${DEMO_WEBHOOK_SECRET}` } })).status(),
  ).toBe(404);
  const first = await request.post(url, {
    data: batch,
    headers: { authorization: `Bearer ${DEMO_WEBHOOK_SECRET}`, 'content-type': 'text/csv', 'idempotency-key': key },
  });
  expect(first.status()).toBe(200);
  expect(await first.json()).toEqual({ ok: true, node: 'pmta1', records: 0, malformed: 0, duplicate: false });
  const again = await request.post(`${url}/${DEMO_WEBHOOK_SECRET}`, { data: batch, headers: { 'content-type': 'text/csv', 'idempotency-key': key } });
  expect(await again.json()).toMatchObject({ ok: true, duplicate: true });
  // Not a browser route: other API paths still need a session.
  expect((await request.get(`${E2E.baseURL}/api/bounces`)).status()).toBe(401);
});
