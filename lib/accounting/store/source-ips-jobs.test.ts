// Per-source-IP and per-job accounting from real parsed records through the store writer.
import { describe, expect, it } from 'vitest';
import { STORE_BACKENDS, type StoreBackend } from '@/lib/store/__fixtures__/backends';
import { openAcctTestStore } from './__fixtures__/acct-test-store';
import { queryJobAccounting, queryJobQueues } from './jobs';
import { sourceIpReport } from './source-ips';

const H = 'type,timeLogged,rcpt,bounceCat,vmta,queue,dlvSourceIp,jobId,feedbackType\n';
const line = (type: string, hour: number, rcpt: string, vmta: string, ip: string, job: string, cat = '') =>
  `${type},2026-11-26 ${String(hour).padStart(2, '0')}:10:00+0000,${rcpt},${cat},${vmta},${rcpt.split('@')[1]}/${vmta},${ip},${job},${type === 'f' ? 'abuse' : ''}\n`;
const TH = { complaintRatePct: 0.1, bounceRatePct: 5, minDelivered: 5 };

async function store(kind: StoreBackend) {
  let text = H;
  for (let i = 0; i < 10; i++) text += line('d', 10, 'a@gmail.com', 'vmta-1', '10.0.0.1', 'spring');
  for (let i = 0; i < 4; i++) text += line('d', 11, 'a@hotmail.com', 'vmta-1', '10.0.0.1', 'spring');
  text += line('t', 11, 'a@hotmail.com', 'vmta-1', '10.0.0.1', 'spring');
  text += line('t', 11, 'a@hotmail.com', 'vmta-1', '10.0.0.1', 'spring');
  text += line('b', 10, 'b@gmail.com', 'vmta-1', '10.0.0.1', 'spring', 'bad-mailbox');
  text += line('b', 10, 'c@yahoo.com', 'vmta-2', '10.0.0.2', 'winback', 'spam-related');
  text += line('d', 10, 'c@yahoo.com', 'vmta-2', '10.0.0.2', 'winback');
  text += line('d', 10, 'c@example.org', 'vmta-2', '10.0.0.2', '');
  text += line('f', 10, 'a@gmail.com', 'vmta-1', '10.0.0.1', 'spring');
  const t = await openAcctTestStore(kind, { recentDiagnostics: 10, malformedSamples: 5 });
  await t.commit(text);
  return t.store;
}

describe.each(STORE_BACKENDS)('per-source-IP report on %s', (kind) => {
  it('counts delivered, deferred and bounces by class per IP and provider group, with the vMTAs seen and a chart series', async () => {
    const r = await sourceIpReport(await store(kind), {});
    expect(r.ips.map((x) => x.ip)).toEqual(['10.0.0.1', '10.0.0.2']);
    const a = r.ips[0]!;
    expect(a).toMatchObject({ delivered: 14, deferred: 2, bounces: 1, hard: 1, vmtas: [{ node: 'n1', vmta: 'vmta-1' }] });
    expect(a.byProvider.map((p) => [p.provider, p.delivered, p.deferred, p.bounces])).toEqual([
      ['gmail', 10, 0, 1],
      ['microsoft', 4, 2, 0],
    ]);
    const b = r.ips[1]!;
    expect(b).toMatchObject({ delivered: 2, bounces: 1, soft: 1, vmtas: [{ node: 'n1', vmta: 'vmta-2' }] });
    expect(b.byProvider.map((p) => p.provider).sort()).toEqual(['other', 'yahoo']);
    expect(r.bucketMs).toBeGreaterThanOrEqual(3_600_000);
    const series = r.overTime.filter((p) => p.ip === '10.0.0.1');
    expect(series.reduce((s, p) => s + p.delivered, 0)).toBe(14);
    expect(series.reduce((s, p) => s + p.deferred, 0)).toBe(2);
    expect((await sourceIpReport(await store(kind), { domain: 'yahoo.com' })).ips.map((x) => x.ip)).toEqual(['10.0.0.2']);
  });
});

describe.each(STORE_BACKENDS)('per-job accounting on %s', (kind) => {
  it('sums each job with rates against the thresholds, and lists the queues its records went through', async () => {
    const db = await store(kind);
    const jobs = await queryJobAccounting(db, {}, TH);
    expect(jobs.map((j) => j.job)).toEqual(['spring', 'winback']); // records without a job are not a job
    expect(jobs[0]).toMatchObject({ delivered: 14, bounces: 1, hard: 1, fbl: 1, complaintWarn: true });
    expect(jobs[0]!.complaintRate).toBeCloseTo(1 / 14);
    expect(jobs[1]).toMatchObject({ delivered: 1, bounces: 1, soft: 1, bounceWarn: false }); // under minDelivered
    expect(await queryJobQueues(db, { job: 'spring' })).toEqual([
      { node: 'n1', domain: 'gmail.com', vmta: 'vmta-1', delivered: 10, bounces: 1 },
      { node: 'n1', domain: 'hotmail.com', vmta: 'vmta-1', delivered: 4, bounces: 0 },
    ]);
  });
});
