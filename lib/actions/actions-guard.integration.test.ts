// Nobody but operators can act, nothing off the whitelist leaves the console, and wildcard or
// multi-node actions need the target typed: all checked before any request reaches a node.
import { afterEach, describe, expect, it } from 'vitest';
import { POST as act } from '@/app/api/actions/route';
import { GET as preview } from '@/app/api/actions/preview/route';
import { GET as audit } from '@/app/api/audit/route';
import { GET as exportCsv } from '@/app/api/audit/export/route';
import { authedRequest, TEST_ORIGIN } from '@/lib/auth/__fixtures__/test-auth';
import type { AuditListResponse } from '@/lib/audit/types';
import type { ActionPreview } from './types';
import { simQueues, startTestFleet, type TestFleet } from './__fixtures__/test-fleet';

let t: TestFleet | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const url = `${TEST_ORIGIN}/api/actions`;
const pause = { action: 'pause', pattern: 'gmail.com/vmta-1', nodes: ['a'] };

async function errorOf(res: Response) {
  return { status: res.status, ...((await res.json()) as { error: { code: string; message: string } }).error };
}

async function nothingHappened() {
  expect([...t!.sent.values()].flat()).toEqual([]);
  for (const s of t!.sims.values()) expect(s.state().queues.paused).toBe(0);
  const entries = ((await (await audit(await authedRequest(`${TEST_ORIGIN}/api/audit`))).json()) as AuditListResponse).entries;
  expect(entries).toEqual([]);
}

describe('who may act, and what may be sent', () => {
  it('a viewer gets 403 from the actions API and its preview', async () => {
    t = await startTestFleet([{ id: 'a' }]);
    expect(await errorOf(await act(await authedRequest(url, { as: 'viewer', method: 'POST', body: pause })))).toMatchObject({ status: 403, code: 'forbidden' });
    expect((await preview(await authedRequest(`${url}/preview?action=pause&pattern=gmail.com/*`, { as: 'viewer' }))).status).toBe(403);
    await nothingHappened();
  });

  it('refuses a request without the CSRF token, or from another origin', async () => {
    t = await startTestFleet([{ id: 'a' }]);
    const noToken = await authedRequest(url, { as: 'operator', method: 'POST', body: pause });
    noToken.headers.delete('x-csrf-token');
    expect(await errorOf(await act(noToken))).toMatchObject({ status: 403, code: 'csrf' });
    const crossSite = await authedRequest(url, { as: 'operator', method: 'POST', body: pause, headers: { origin: 'https://evil.example' } });
    expect(await errorOf(await act(crossSite))).toMatchObject({ status: 403, code: 'csrf' });
    const wrongToken = await authedRequest(url, { as: 'operator', method: 'POST', body: pause, headers: { 'x-csrf-token': 'forged' } });
    expect(await errorOf(await act(wrongToken))).toMatchObject({ status: 403, code: 'csrf' });
    await nothingHappened();
  });

  it('refuses an injection attempt in the queue name with a 400 before any request leaves', async () => {
    t = await startTestFleet([{ id: 'a' }]);
    for (const pattern of ['gmail.com/x; delete --queue=*/*', '--queue=*/*', 'gmail.com/vmta-1\ndelete', '*.gmail.com/*']) {
      const res = await act(await authedRequest(url, { as: 'operator', method: 'POST', body: { ...pause, pattern } }));
      expect(await errorOf(res)).toMatchObject({ status: 400, code: 'bad_request' });
    }
    const unknownVerb = await act(await authedRequest(url, { as: 'operator', method: 'POST', body: { ...pause, action: 'frobnicate' } }));
    expect(unknownVerb.status).toBe(400);
    // `delete` is a toolbox action now (lib/toolbox): admins only.
    const del = await act(await authedRequest(url, { as: 'operator', method: 'POST', body: { ...pause, action: 'delete', confirm: pause.pattern } }));
    expect(del.status).toBe(403);
    await nothingHappened();
  });

  it('wildcard and multi-node actions need the pattern typed, server-side', async () => {
    t = await startTestFleet([{ id: 'a' }, { id: 'b' }]);
    for (const body of [
      { action: 'pause', pattern: 'gmail.com/*', nodes: ['a'] },
      { action: 'pause', pattern: 'gmail.com/vmta-1', nodes: 'all' },
      { action: 'pause', pattern: '*/vmta-1', nodes: ['a'], confirm: 'gmail.com/vmta-1' },
    ]) {
      const e = await errorOf(await act(await authedRequest(url, { as: 'operator', method: 'POST', body })));
      expect(e).toMatchObject({ status: 400, code: 'bad_request' });
      expect(e.message).toMatch(/type the target/);
    }
    await nothingHappened();
    const ok = await act(
      await authedRequest(url, { as: 'operator', method: 'POST', body: { action: 'pause', pattern: 'gmail.com', nodes: ['a'], confirm: 'gmail.com/*' } }),
    );
    expect(ok.status).toBe(200);
    expect(simQueues(t.sims.get('a')!, 'gmail.com/*').every((q) => q.paused)).toBe(true);
  });

  it('the preview lists matching queues, recipients and kB per node and in total from the snapshots', async () => {
    t = await startTestFleet([{ id: 'a' }, { id: 'b' }, { id: 'nokey', withKey: false }]);
    const res = await preview(await authedRequest(`${url}/preview?action=pause&pattern=gmail.com&nodes=all`, { as: 'operator' }));
    const p = (await res.json()) as ActionPreview;
    expect(p).toMatchObject({ pattern: 'gmail.com/*', command: 'pause queue gmail.com/*', confirmRequired: true });
    for (const n of p.nodes) {
      const sim = simQueues(t.sims.get(n.node)!, 'gmail.com/*');
      expect(n.queueCount).toBe(sim.length);
      expect(n.rcp).toBe(sim.reduce((s, q) => s + q.rcp, 0));
      expect(n.queues.every((q) => q.name.startsWith('gmail.com/'))).toBe(true);
    }
    expect(p.nodes.find((n) => n.node === 'nokey')).toMatchObject({ available: false, reason: expect.stringMatching(/no API key/) });
    const usable = p.nodes.filter((n) => n.available);
    expect(p.total).toMatchObject({ nodes: 2, queues: usable.reduce((s, n) => s + n.queueCount, 0), rcp: usable.reduce((s, n) => s + n.rcp, 0) });
    expect(p.total.rcp).toBeGreaterThan(0);
    const single = (await (
      await preview(await authedRequest(`${url}/preview?action=retry&pattern=gmail.com/vmta-1&nodes=a`, { as: 'operator' }))
    ).json()) as ActionPreview;
    expect(single).toMatchObject({ confirmRequired: false, total: { nodes: 1, queues: 1 } });
    expect((await preview(await authedRequest(`${url}/preview?action=pause&pattern=a;b&nodes=a`, { as: 'operator' }))).status).toBe(400);
    await nothingHappened();
  });

  it('audit export is admin-only and is CSV', async () => {
    t = await startTestFleet([{ id: 'a' }]);
    await act(await authedRequest(url, { as: 'operator', method: 'POST', body: { ...pause, reason: '=HYPERLINK("x")' } }));
    expect((await exportCsv(await authedRequest(`${TEST_ORIGIN}/api/audit/export`, { as: 'operator' }))).status).toBe(403);
    const res = await exportCsv(await authedRequest(`${TEST_ORIGIN}/api/audit/export`, { as: 'admin' }));
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^id,time,user,client_address,action,pattern/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(',operator,');
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"")"`); // a formula typed as a reason stays text
  });
});
