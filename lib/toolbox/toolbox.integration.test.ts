// The toolbox actions end to end through POST /api/actions against the simulator: each reaches
// the node in exactly the documented form (guide §6.3), changes its state, and is audited;
// roles and malformed arguments are refused before anything is sent.
import { afterEach, describe, expect, it } from 'vitest';
import { POST as act } from '@/app/api/actions/route';
import { GET as audit } from '@/app/api/audit/route';
import { authedRequest, TEST_ORIGIN } from '@/lib/auth/__fixtures__/test-auth';
import type { AuditListResponse } from '@/lib/audit/types';
import type { ActionResponse } from '@/lib/actions/types';
import { startTestFleet, type TestFleet } from '@/lib/actions/__fixtures__/test-fleet';

let t: TestFleet | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const post = async (body: unknown, as = 'operator') => act(await authedRequest(`${TEST_ORIGIN}/api/actions`, { as, method: 'POST', body }));
async function run(body: Record<string, unknown>, as = 'operator') {
  const res = await post(body, as);
  const json = (await res.json()) as ActionResponse;
  expect(res.status, JSON.stringify(json)).toBe(200);
  return json;
}
async function lastAudit() {
  const res = await audit(await authedRequest(`${TEST_ORIGIN}/api/audit?limit=1`));
  return ((await res.json()) as AuditListResponse).entries[0]!;
}

describe('toolbox actions against the simulator', () => {
  it('pause-job / resume-job: sent as documented, the job is paused on /jobs, audited', async () => {
    t = await startTestFleet([{ id: 'a' }, { id: 'b' }]);
    const r = await run({ action: 'pause-job', job: 'spring-sale-2026', nodes: 'all', confirm: 'spring-sale-2026', reason: 'complaints' });
    expect(r.state).toBe('completed');
    expect(r.results.map((x) => [x.node, x.text, x.verification?.status])).toEqual([
      ['a', 'paused job.', 'verified'],
      ['b', 'paused job.', 'verified'],
    ]);
    for (const n of ['a', 'b']) {
      expect(t.sent.get(n)).toEqual(['pause job spring-sale-2026']);
      expect(t.sims.get(n)!.model.pausedJobs.has('spring-sale-2026')).toBe(true);
    }
    expect(await lastAudit()).toMatchObject({ action: 'pause-job', command: 'pause job spring-sale-2026', reason: 'complaints', state: 'completed' });
    // several nodes need the job id typed
    expect((await post({ action: 'resume-job', job: 'spring-sale-2026', nodes: 'all' })).status).toBe(400);
    await run({ action: 'resume-job', job: 'spring-sale-2026', nodes: ['a'] });
    expect(t.sims.get('a')!.model.pausedJobs.has('spring-sale-2026')).toBe(false);
    expect(t.sims.get('b')!.model.pausedJobs.has('spring-sale-2026')).toBe(true);
  });

  it('disable-source / enable-source: listed on the queue, then gone', async () => {
    t = await startTestFleet([{ id: 'a' }]);
    const r = await run({ action: 'disable-source', ip: '203.0.113.11', pattern: 'yahoo.com/vmta-1', reenableAfter: '1h', nodes: ['a'] });
    expect(t.sent.get('a')).toEqual(['disable source --reenable-after=1h 203.0.113.11 yahoo.com/vmta-1']);
    expect(r.results[0]!.verification?.status).toBe('verified');
    expect(
      t.sims
        .get('a')!
        .model.queue('yahoo.com/vmta-1')!
        .disabledSources.map((s) => s.ip),
    ).toEqual(['203.0.113.11']);
    expect(await lastAudit()).toMatchObject({ action: 'disable-source', pattern: 'yahoo.com/vmta-1' });
    await run({ action: 'enable-source', ip: '203.0.113.11', pattern: 'yahoo.com/vmta-1', nodes: ['a'] });
    expect(t.sent.get('a')![1]).toBe('enable source 203.0.113.11 yahoo.com/vmta-1');
    expect(t.sims.get('a')!.model.queue('yahoo.com/vmta-1')!.disabledSources).toEqual([]);
  });

  it('delete: admins only, typed confirmation always, counts before and after in the audit log', async () => {
    t = await startTestFleet([{ id: 'a' }]);
    const body = { action: 'delete', pattern: 'hotmail.com/vmta-1', nodes: ['a'] };
    expect((await post({ ...body, confirm: 'hotmail.com/vmta-1' }, 'operator')).status).toBe(403);
    expect((await post({ ...body, confirm: 'hotmail.com/vmta-1' }, 'viewer')).status).toBe(403);
    const unconfirmed = await post(body, 'admin');
    expect(unconfirmed.status).toBe(400);
    expect(t.sent.get('a')).toEqual([]);
    const before = t.sims.get('a')!.model.queue('hotmail.com/vmta-1')!.rcp;
    expect(before).toBeGreaterThan(0);
    const r = await run({ ...body, confirm: 'hotmail.com/vmta-1' }, 'admin');
    expect(t.sent.get('a')).toEqual(['delete --queue=hotmail.com/vmta-1']);
    expect(t.sims.get('a')!.model.queue('hotmail.com/vmta-1')!.rcp).toBe(0);
    expect(r.results[0]!.verification).toMatchObject({ status: 'verified' });
    expect(r.results[0]!.verification!.detail).toMatch(new RegExp(`^before: ${before} recipient\\(s\\).*; after: 0 recipient\\(s\\)`));
    expect(await lastAudit()).toMatchObject({ user: 'admin', action: 'delete', command: 'delete --queue=hotmail.com/vmta-1', state: 'completed' });
  });

  it('retry-recipients sends schedule --retry-recipients', async () => {
    t = await startTestFleet([{ id: 'a' }]);
    await run({ action: 'retry-recipients', pattern: 'gmail.com', nodes: ['a'] });
    expect(t.sent.get('a')).toEqual(['schedule --retry-recipients gmail.com/*']);
  });

  it('a viewer gets 403; malformed job ids, IPs, intervals and patterns are refused before anything is sent', async () => {
    t = await startTestFleet([{ id: 'a' }]);
    expect((await post({ action: 'pause-job', job: 'spring-sale-2026', nodes: ['a'] }, 'viewer')).status).toBe(403);
    const bad = [
      { action: 'pause-job', job: '-x', nodes: ['a'] },
      { action: 'pause-job', job: 'a b', nodes: ['a'] },
      { action: 'pause-job', job: 'x;reload', nodes: ['a'] },
      { action: 'disable-source', ip: '300.1.1.1', pattern: 'gmail.com', nodes: ['a'] },
      { action: 'disable-source', ip: '2001:db8::1::2', pattern: 'gmail.com', nodes: ['a'] },
      { action: 'disable-source', ip: '192.0.2.1', pattern: 'gmail.com', reenableAfter: '1 h', nodes: ['a'] },
      { action: 'disable-source', ip: '192.0.2.1', pattern: 'gmail.com', reenableAfter: '1y', nodes: ['a'] },
      { action: 'enable-source', ip: '192.0.2.1', pattern: 'gm*l.com', nodes: ['a'] },
      { action: 'delete', pattern: 'gmail.com;reload', nodes: ['a'], confirm: 'gmail.com;reload' },
      { action: 'delete', pattern: '*/vmta-1', nodes: ['a'], confirm: '*/vmta-1' },
      { action: 'delete', pattern: 'gmail.com', olderThan: '-1h', nodes: ['a'], confirm: 'gmail.com/*' },
      { action: 'retry-recipients', pattern: '--queue=*', nodes: ['a'] },
    ];
    for (const b of bad) expect((await post(b, 'admin')).status, JSON.stringify(b)).toBe(400);
    expect(t.sent.get('a')).toEqual([]);
    expect(t.sims.get('a')!.state().commands).toEqual([]);
  });
});
