// The toolbox's read routes against the simulator: jobs merged across nodes, queue settings
// parsed (viewers may read), licences with their expiry, the preview of a delete, the ledger.
import { afterEach, describe, expect, it } from 'vitest';
import { GET as jobsApi } from '@/app/api/jobs/route';
import { GET as settingsApi } from '@/app/api/queues/settings/route';
import { GET as licenseApi } from '@/app/api/nodes/license/route';
import { GET as previewApi } from '@/app/api/toolbox/preview/route';
import { GET as ledgerApi } from '@/app/api/ledger/route';
import { authedRequest, TEST_ORIGIN } from '@/lib/auth/__fixtures__/test-auth';
import { startTestFleet, type TestFleet } from '@/lib/actions/__fixtures__/test-fleet';

let t: TestFleet | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const get = async (handler: (r: Request) => Promise<Response>, path: string, as = 'viewer') => {
  const res = await handler(await authedRequest(`${TEST_ORIGIN}${path}`, { as }));
  return { status: res.status, body: await res.json() };
};

describe('toolbox reads', () => {
  it('jobs, settings, licences, a delete preview and the ledger', async () => {
    t = await startTestFleet([{ id: 'a' }, { id: 'b', sim: { licenseDays: 10 } }]);
    t.sims.get('a')!.command('pause job winback-q4');

    const jobs = await get(jobsApi, '/api/jobs');
    expect(jobs.status).toBe(200);
    const winback = jobs.body.jobs.find((j: { id: string }) => j.id === 'winback-q4');
    expect(winback.nodes.map((n: { node: string }) => n.node)).toEqual(['a', 'b']);
    expect(winback.pausedOn).toEqual(['a']);
    expect(winback.rcp).toBe(winback.nodes.reduce((s: number, n: { rcp: number }) => s + n.rcp, 0));

    const s = await get(settingsApi, '/api/queues/settings?node=a&queue=gmail.com/vmta-1');
    expect(s.status).toBe(200);
    expect(s.body.rows).toContainEqual({ section: 'Queue Settings', name: 'max-msg-rate', value: '600/h' });
    expect(t.sent.get('a')).toEqual(['show settings gmail.com/vmta-1']);
    await get(settingsApi, '/api/queues/settings?node=a&queue=gmail.com/vmta-1');
    expect(t.sent.get('a')).toHaveLength(1); // cached
    expect((await get(settingsApi, '/api/queues/settings?node=a&queue=gmail.com;reload/x')).status).toBe(400);

    const l = await get(licenseApi, '/api/nodes/license');
    expect(l.body.licenses.map((x: { node: string; warning: boolean }) => [x.node, x.warning])).toEqual([
      ['a', false],
      ['b', true],
    ]);

    const before = t.sims.get('a')!.model.queue('hotmail.com/vmta-1')!.rcp;
    const p = await get(previewApi, '/api/toolbox/preview?action=delete&pattern=hotmail.com/vmta-1&nodes=a', 'operator');
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({
      command: 'delete --queue=hotmail.com/vmta-1',
      confirmText: 'hotmail.com/vmta-1',
      adminOnly: true,
      total: { queues: 1, rcp: before },
    });
    expect((await get(previewApi, '/api/toolbox/preview?action=delete&pattern=hotmail.com/vmta-1&nodes=a', 'viewer')).status).toBe(403);
    expect((await get(previewApi, '/api/toolbox/preview?action=disable-source&ip=1.2.3.999&pattern=gmail.com&nodes=a', 'operator')).status).toBe(400);

    expect((await get(ledgerApi, '/api/ledger')).body).toEqual({ intents: [], drifting: 0 });
  });
});
