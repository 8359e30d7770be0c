// The job and source-IP read routes against the simulator and the real accounting store: a
// job's /jobs entries, its accounting and the queues its records went through (with their live
// state); accounting per job; per-source-IP counts; the nodes' disabled sources.
import { afterEach, describe, expect, it } from 'vitest';
import { GET as jobApi } from '@/app/api/jobs/[job]/route';
import { GET as jobsAccountingApi } from '@/app/api/jobs/accounting/route';
import { GET as sourcesApi } from '@/app/api/sources/route';
import { GET as disabledApi } from '@/app/api/sources/disabled/route';
import { parseAcctText } from '@/lib/accounting';
import { openAcctWriter } from '@/lib/accounting/store/open-writer';
import { authedRequest, TEST_ORIGIN } from '@/lib/auth/__fixtures__/test-auth';
import { startTestFleet, type TestFleet } from '@/lib/actions/__fixtures__/test-fleet';

let t: TestFleet | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const get = async (handler: (r: Request, ctx: never) => Promise<Response>, path: string, params?: Record<string, string>) => {
  const res = await handler(await authedRequest(`${TEST_ORIGIN}${path}`), (params ? { params: Promise.resolve(params) } : undefined) as never);
  return { status: res.status, body: await res.json() };
};

function ingest(t: TestFleet, node: string, text: string) {
  return openAcctWriter(t.runtime.accounting.store, { recentDiagnostics: 10, malformedSamples: 5 }).commit({
    node,
    file: 'acct.csv',
    fromOffset: 0,
    progress: { offset: 1, header: null, line: 1, headLen: 0, headHash: null },
    records: parseAcctText(text).records,
    malformed: 0,
    samples: [],
  });
}

describe('job and source-IP reads', () => {
  it('a job: live per node, accounting with rates, its queues with their live state; per-job and per-IP accounting', async () => {
    t = await startTestFleet([{ id: 'a' }, { id: 'b' }]);
    t.sims.get('a')!.command('pause job winback-q4');
    const T = new Date(Date.now() - 3600_000).toISOString().replace('T', ' ').slice(0, 19) + '+0000';
    let text = 'type,timeLogged,rcpt,bounceCat,vmta,queue,dlvSourceIp,jobId\n';
    for (let i = 0; i < 20; i++) text += `d,${T},u${i}@gmail.com,,vmta-1,gmail.com/vmta-1,203.0.113.10,winback-q4\n`;
    text += `b,${T},x@gmail.com,bad-mailbox,vmta-1,gmail.com/vmta-1,203.0.113.10,winback-q4\n`;
    text += `t,${T},y@hotmail.com,,vmta-1,hotmail.com/vmta-1,203.0.113.10,winback-q4\n`;
    await ingest(t, 'a', text);

    const j = await get(jobApi, '/api/jobs/winback-q4', { job: 'winback-q4' });
    expect(j.status).toBe(200);
    expect(j.body.live.pausedOn).toEqual(['a']);
    expect(j.body.live.nodes.map((n: { node: string }) => n.node)).toEqual(['a', 'b']);
    expect(j.body.accounting).toMatchObject({ job: 'winback-q4', delivered: 20, bounces: 1, hard: 1 });
    const q = j.body.queues.find((x: { queue: string }) => x.queue === 'gmail.com/vmta-1');
    expect(q).toMatchObject({ node: 'a', delivered: 20, bounces: 1 });
    expect(q.live.rcp).toBe(t.sims.get('a')!.model.queue('gmail.com/vmta-1')!.rcp);
    expect((await get(jobApi, '/api/jobs/x;reload', { job: 'x;reload' })).status).toBe(400);
    expect(t.sent.get('a')!.some((c) => c.includes('reload'))).toBe(false);

    const acct = await get(jobsAccountingApi, '/api/jobs/accounting');
    expect(acct.body.jobs).toEqual([expect.objectContaining({ job: 'winback-q4', delivered: 20, bounces: 1, bounceWarn: false })]);

    const s = await get(sourcesApi, '/api/sources');
    expect(s.body.ips).toEqual([
      expect.objectContaining({ ip: '203.0.113.10', delivered: 20, deferred: 1, bounces: 1, vmtas: [{ node: 'a', vmta: 'vmta-1' }] }),
    ]);
    expect(s.body.ips[0].byProvider.map((p: { provider: string }) => p.provider)).toEqual(['gmail', 'microsoft']);
  });

  it('disabled sources of every node, as the nodes report them', async () => {
    t = await startTestFleet([{ id: 'a' }, { id: 'b' }]);
    t.sims.get('b')!.command('disable source 192.0.2.7 yahoo.com/vmta-1');
    const d = await get(disabledApi, '/api/sources/disabled');
    expect(d.status).toBe(200);
    expect(d.body.failed).toEqual([]);
    expect(d.body.sources).toEqual([{ node: 'b', queue: 'yahoo.com/vmta-1', ip: '192.0.2.7', until: null }]);
    expect(t.sent.get('a')).toEqual(['show disabled sources']);
  });
});
