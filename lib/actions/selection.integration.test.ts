// Selection actions end to end through the route handlers against the simulator: picked queues
// and "all matching the filter" reach exactly those queues per node, with one typed
// confirmation and one audit entry; patterns, unknown nodes and a stale count are refused
// before anything is sent.
import { afterEach, describe, expect, it } from 'vitest';
import { POST as act } from '@/app/api/actions/route';
import { POST as previewApi } from '@/app/api/actions/selection/preview/route';
import { GET as audit } from '@/app/api/audit/route';
import { GET as ledgerApi } from '@/app/api/ledger/route';
import { authedRequest, TEST_ORIGIN } from '@/lib/auth/__fixtures__/test-auth';
import type { AuditListResponse } from '@/lib/audit/types';
import type { ActionResponse } from './types';
import { simQueues, startTestFleet, type TestFleet } from './__fixtures__/test-fleet';

let t: TestFleet | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const post = async (path: string, handler: (r: Request) => Promise<Response>, body: unknown, as = 'operator') =>
  handler(await authedRequest(`${TEST_ORIGIN}${path}`, { as, method: 'POST', body }));
const preview = async (body: unknown, as = 'operator') => {
  const res = await post('/api/actions/selection/preview', previewApi, body, as);
  return { status: res.status, body: await res.json() };
};
const execute = async (body: unknown, as = 'operator') => {
  const res = await post('/api/actions', act, body, as);
  return { status: res.status, body: (await res.json()) as ActionResponse & { error?: { message: string } } };
};
const lastAudit = async () => ((await (await audit(await authedRequest(`${TEST_ORIGIN}/api/audit?limit=1`))).json()) as AuditListResponse).entries[0]!;

describe('selection actions against the simulator', () => {
  it('pauses exactly the picked queues on their nodes, one confirmation, one audit entry, per-node results', async () => {
    t = await startTestFleet([{ id: 'a' }, { id: 'b' }]);
    const queues = [
      { node: 'a', queue: 'gmail.com/vmta-1' },
      { node: 'a', queue: 'yahoo.com/vmta-1' },
      { node: 'b', queue: 'hotmail.com/vmta-1' },
    ];
    const selection = { queues };
    const p = await preview({ action: 'pause', selection });
    expect(p.status).toBe(200);
    expect(p.body.confirmText).toBe('pause 3 queues');
    expect(p.body.nodes.map((n: { node: string; queues: { name: string }[] }) => [n.node, n.queues.map((q) => q.name)])).toEqual([
      ['a', ['gmail.com/vmta-1', 'yahoo.com/vmta-1']],
      ['b', ['hotmail.com/vmta-1']],
    ]);
    expect(p.body.total.queues).toBe(3);
    expect(t.sent.get('a')).toEqual([]);

    expect((await execute({ action: 'pause', selection })).status).toBe(400); // no confirmation
    expect((await execute({ action: 'pause', selection, confirm: 'pause 2 queues' })).status).toBe(400);
    expect((await execute({ action: 'pause', selection, confirm: 'pause 3 queues' }, 'viewer')).status).toBe(403);
    expect(t.sent.get('a')).toEqual([]);

    const r = await execute({ action: 'pause', selection, confirm: 'pause 3 queues', reason: 'Gmail block' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.state).toBe('completed');
    expect(r.body.results.map((x) => [x.node, x.status, x.verification?.status])).toEqual([
      ['a', 'ok', 'verified'],
      ['b', 'ok', 'verified'],
    ]);
    expect(t.sent.get('a')).toEqual(['pause queue gmail.com/vmta-1', 'pause queue yahoo.com/vmta-1']);
    expect(t.sent.get('b')).toEqual(['pause queue hotmail.com/vmta-1']);
    const pausedOn = (n: string) =>
      simQueues(t!.sims.get(n)!, '*/*')
        .filter((q) => q.paused)
        .map((q) => q.name)
        .sort();
    expect(pausedOn('a')).toEqual(['gmail.com/vmta-1', 'yahoo.com/vmta-1']);
    expect(pausedOn('b')).toEqual(['hotmail.com/vmta-1']);
    expect(await lastAudit()).toMatchObject({
      action: 'pause',
      pattern: '*/*',
      command: 'pause queue gmail.com/vmta-1\npause queue yahoo.com/vmta-1\npause queue hotmail.com/vmta-1',
      nodes: ['a', 'b'],
      reason: 'Gmail block',
      state: 'completed',
    });
    // The ledger remembers each queue's pause on its own node.
    const ledger = (await (await ledgerApi(await authedRequest(`${TEST_ORIGIN}/api/ledger`))).json()) as { intents: { node: string; target: string }[] };
    expect(ledger.intents.map((i) => `${i.node} ${i.target}`).sort()).toEqual(['a gmail.com/vmta-1', 'a yahoo.com/vmta-1', 'b hotmail.com/vmta-1']);
  });

  it('"all matching the filter" targets every matching queue per node, counted on the server', async () => {
    t = await startTestFleet([{ id: 'a' }, { id: 'b' }]);
    const filter = { q: 'vmta-2', node: 'a' };
    const expected = simQueues(t.sims.get('a')!, '*/vmta-2').map((q) => q.name);
    expect(expected.length).toBeGreaterThan(1);
    const p = await preview({ action: 'pause', selection: { filter } });
    expect(p.status).toBe(200);
    expect(p.body.nodes).toHaveLength(1);
    expect(p.body.nodes[0].queues.map((q: { name: string }) => q.name).sort()).toEqual([...expected].sort());
    const r = await execute({ action: 'pause', selection: { filter }, confirm: p.body.confirmText });
    expect(r.status).toBe(200);
    expect(simQueues(t.sims.get('a')!, '*/vmta-2').every((q) => q.paused)).toBe(true);
    expect(simQueues(t.sims.get('a')!, '*/vmta-1').some((q) => q.paused)).toBe(false);
    expect(t.sent.get('b')).toEqual([]);
    // Now the filter paused=false on a/vmta-2 matches nothing: a stale count cannot be confirmed.
    const stale = await execute({ action: 'resume', selection: { filter: { ...filter, paused: false } }, confirm: `resume ${expected.length} queues` });
    expect(stale.status).toBe(400);
    await execute({ action: 'resume', selection: { filter }, confirm: `resume ${expected.length} queues` });
    expect(simQueues(t.sims.get('a')!, '*/vmta-2').some((q) => q.paused)).toBe(false);
  });

  it('refuses patterns, malformed names, unknown nodes and other verbs before anything is sent', async () => {
    t = await startTestFleet([{ id: 'a' }]);
    const bad = [
      { action: 'pause', selection: { queues: [{ node: 'a', queue: 'gmail.com/*' }] }, confirm: 'pause 1 queue' },
      { action: 'pause', selection: { queues: [{ node: 'a', queue: 'gmail.com;reload/x' }] }, confirm: 'pause 1 queue' },
      { action: 'pause', selection: { queues: [{ node: 'zz', queue: 'gmail.com/vmta-1' }] }, confirm: 'pause 1 queue' },
      { action: 'reset-backoff', selection: { queues: [{ node: 'a', queue: 'gmail.com/vmta-1' }] }, confirm: 'reset-backoff 1 queue' },
      { action: 'pause', selection: { filter: { q: 'no-such-domain.example' } }, confirm: 'pause 0 queues' },
      { action: 'pause', selection: { queues: [] }, confirm: 'pause 0 queues' },
    ];
    for (const b of bad) expect((await execute(b)).status, JSON.stringify(b)).toBe(400);
    expect(t.sent.get('a')).toEqual([]);
    expect(t.sims.get('a')!.state().commands).toEqual([]);
  });
});
