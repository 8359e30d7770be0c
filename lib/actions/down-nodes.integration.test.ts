// A node the console cannot reach is not acted on by default: the preview marks it
// "down, data N s old" and leaves its frozen numbers out; the action skips it (nothing sent)
// unless the operator includes it explicitly. And a pending automatic resume can be cancelled
// (operator, CSRF, audited), leaving the queues paused.
import { afterEach, describe, expect, it } from 'vitest';
import { POST as act } from '@/app/api/actions/route';
import { GET as preview } from '@/app/api/actions/preview/route';
import { GET as toolPreview } from '@/app/api/toolbox/preview/route';
import { GET as scheduled } from '@/app/api/actions/scheduled/route';
import { DELETE as cancelResume } from '@/app/api/actions/scheduled/[id]/route';
import { GET as audit } from '@/app/api/audit/route';
import { authedRequest, TEST_ORIGIN } from '@/lib/auth/__fixtures__/test-auth';
import type { AuditListResponse } from '@/lib/audit/types';
import type { ActionPreview, ActionResponse, ScheduledResumesResponse } from './types';
import type { ToolPreview } from '@/lib/toolbox/preview';
import { simQueues, startTestFleet, type TestFleet } from './__fixtures__/test-fleet';

let t: TestFleet | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const getPreview = async (qs: string) => {
  const res = await preview(await authedRequest(`${TEST_ORIGIN}/api/actions/preview?${qs}`, { as: 'operator' }));
  expect(res.status).toBe(200);
  return (await res.json()) as ActionPreview;
};
const post = async (body: unknown, as = 'operator', headers?: Record<string, string>) =>
  act(await authedRequest(`${TEST_ORIGIN}/api/actions`, { as, method: 'POST', body, headers }));
const cancel = async (id: number | string, as = 'operator', headers?: Record<string, string>) =>
  cancelResume(await authedRequest(`${TEST_ORIGIN}/api/actions/scheduled/${id}`, { as, method: 'DELETE', headers }), {
    params: Promise.resolve({ id: String(id) }),
  });

async function stopNode(id: string) {
  await t!.sims.get(id)!.stopServer();
  await t!.fleet.pollAll(); // the console notices: b is down, its last snapshot stays
  expect(t!.fleet.node(id)!.poller.health().state).toBe('down');
}

describe('actions and a node that is down', () => {
  it('the preview marks the down node, excludes it from the total and from the confirmation count', async () => {
    t = await startTestFleet([{ id: 'a' }, { id: 'b' }]);
    const before = await getPreview('action=pause&pattern=gmail.com/*&nodes=all');
    expect(before.nodes.every((n) => n.down === null && !n.excluded)).toBe(true);
    await stopNode('b');
    const p = await getPreview('action=pause&pattern=gmail.com/*&nodes=all');
    const b = p.nodes.find((n) => n.node === 'b')!;
    const a = p.nodes.find((n) => n.node === 'a')!;
    expect(b.excluded).toBe(true);
    expect(b.down?.state).toBe('down');
    expect(b.down?.label).toMatch(/^down, data \d+ s old$/);
    expect(b.queueCount).toBeGreaterThan(0); // its old numbers are still shown, just not counted
    expect(p.total).toMatchObject({ nodes: 1, queues: a.queueCount, rcp: a.rcp });
    // Included explicitly: counted again.
    const incl = await getPreview('action=pause&pattern=gmail.com/*&nodes=all&includeDown=b');
    expect(incl.nodes.find((n) => n.node === 'b')!.excluded).toBe(false);
    expect(incl.total.nodes).toBe(2);
  });

  it('the action is not sent to the down node unless it is included; only-down targets are refused', async () => {
    t = await startTestFleet([{ id: 'a' }, { id: 'b' }]);
    await stopNode('b');
    const res = await post({ action: 'pause', pattern: 'gmail.com/*', nodes: 'all', confirm: 'gmail.com/*' });
    const r = (await res.json()) as ActionResponse;
    expect(res.status, JSON.stringify(r)).toBe(200);
    expect(t.sent.get('a')).toEqual(['pause queue gmail.com/*']);
    expect(t.sent.get('b')).toEqual([]);
    expect(r.results.find((x) => x.node === 'b')).toMatchObject({ status: 'unavailable', text: expect.stringMatching(/^not sent: down, data \d+ s old/) });
    expect(r.state).toBe('partial');
    expect(simQueues(t.sims.get('a')!, 'gmail.com/*').every((q) => q.paused)).toBe(true);
    expect(simQueues(t.sims.get('b')!, 'gmail.com/*').some((q) => q.paused)).toBe(false);

    const only = await post({ action: 'pause', pattern: 'gmail.com/*', nodes: ['b'], confirm: 'gmail.com/*' });
    expect(only.status).toBe(400);
    expect(((await only.json()) as { error: { message: string } }).error.message).toMatch(/stale or down/);
    expect(t.sent.get('b')).toEqual([]);

    // Explicitly included: it is tried (and fails, since it is really down).
    const tried = (await (
      await post({ action: 'resume', pattern: 'gmail.com/*', nodes: ['b'], includeDown: ['b'], confirm: 'gmail.com/*' })
    ).json()) as ActionResponse;
    expect(t.sent.get('b')).toEqual(['resume queue gmail.com/*']);
    expect(tried.results[0]).toMatchObject({ node: 'b', status: 'failed' });
  });
});

describe('toolbox actions and a node that is down', () => {
  it('are previewed and sent like queue actions: the down node is left out unless included', async () => {
    t = await startTestFleet([{ id: 'a' }, { id: 'b' }]);
    await stopNode('b');
    const tp = async (qs: string) => {
      const res = await toolPreview(await authedRequest(`${TEST_ORIGIN}/api/toolbox/preview?${qs}`, { as: 'operator' }));
      expect(res.status).toBe(200);
      return (await res.json()) as ToolPreview;
    };
    const p = await tp('action=retry-recipients&pattern=gmail.com/*&nodes=all');
    expect(p.nodes.find((n) => n.node === 'b')).toMatchObject({ excluded: true, down: { state: 'down' } });
    expect(p.total.nodes).toBe(1);
    expect(p.confirmText).toBeNull(); // one node will really get it: nothing to type
    expect((await tp('action=retry-recipients&pattern=gmail.com/*&nodes=all&includeDown=b')).confirmText).toBe('gmail.com/*');
    const job = await tp('action=pause-job&job=spring-sale-2026&nodes=all');
    expect(job.nodes.find((n) => n.node === 'b')!.excluded).toBe(true);

    const res = await post({ action: 'pause-job', job: 'spring-sale-2026', nodes: 'all' });
    const r = (await res.json()) as ActionResponse;
    expect(res.status, JSON.stringify(r)).toBe(200);
    expect(t.sent.get('a')).toEqual(['pause job spring-sale-2026']);
    expect(t.sent.get('b')).toEqual([]);
    expect(r.results.find((x) => x.node === 'b')).toMatchObject({ status: 'unavailable', text: expect.stringMatching(/^not sent: down/) });
    const only = await post({ action: 'delete', pattern: 'gmail.com/*', nodes: ['b'], confirm: 'gmail.com/*' }, 'admin');
    expect(only.status).toBe(400);
    expect(t.sent.get('b')).toEqual([]);
    // Included: tried (and fails, the node is really down); several nodes now need the job typed.
    expect((await post({ action: 'resume-job', job: 'spring-sale-2026', nodes: 'all', includeDown: ['b'] })).status).toBe(400);
    const tried = (await (
      await post({ action: 'resume-job', job: 'spring-sale-2026', nodes: 'all', includeDown: ['b'], confirm: 'spring-sale-2026' })
    ).json()) as ActionResponse;
    expect(t.sent.get('b')).toEqual(['resume job spring-sale-2026']);
    expect(tried.results.find((x) => x.node === 'b')).toMatchObject({ status: 'failed' });
  });
});

describe('cancelling a pending automatic resume', () => {
  it('operator only, CSRF checked, audited; the queues stay paused; a second cancel is a conflict', async () => {
    t = await startTestFleet([{ id: 'a' }]);
    const resumeAt = new Date(Date.now() + 15 * 60_000).toISOString();
    const paused = (await (await post({ action: 'pause', pattern: 'gmail.com/*', nodes: ['a'], resumeAt, confirm: 'gmail.com/*' })).json()) as ActionResponse;
    const id = paused.scheduledResume!.id;

    expect((await cancel(id, 'viewer')).status).toBe(403);
    expect((await cancel(id, 'operator', { 'x-csrf-token': 'wrong' })).status).toBe(403);
    expect((await cancel(999_999)).status).toBe(404);

    const res = await cancel(id);
    const body = (await res.json()) as { auditId: number; cancelled: { id: number; pattern: string } };
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.cancelled).toMatchObject({ id, pattern: 'gmail.com/*' });
    const pending = (await (await scheduled(await authedRequest(`${TEST_ORIGIN}/api/actions/scheduled`))).json()) as ScheduledResumesResponse;
    expect(pending.resumes).toEqual([]);
    expect(simQueues(t.sims.get('a')!, 'gmail.com/*').every((q) => q.paused)).toBe(true);
    expect(t.sent.get('a')).toEqual(['pause queue gmail.com/*']); // nothing sent by the cancel

    const entry = ((await (await audit(await authedRequest(`${TEST_ORIGIN}/api/audit?limit=1`))).json()) as AuditListResponse).entries[0]!;
    expect(entry).toMatchObject({ id: body.auditId, action: 'cancel-resume', user: 'operator', pattern: 'gmail.com/*', state: 'completed', nodes: ['a'] });

    expect((await cancel(id)).status).toBe(409);
  });
});
