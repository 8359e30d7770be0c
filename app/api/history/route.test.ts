import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { GET as history } from './route';
import { GET as domainHistory } from './domain/route';
import { GET as drain } from './drain/route';
import { authedRequest } from '@/lib/auth/__fixtures__/test-auth';
import { installTestRuntime, removeTestRuntime } from '@/lib/runtime/__fixtures__/test-runtime';
import type { Runtime } from '@/lib/runtime/runtime';
import { fakeStatus, fakeTable, snapshot } from '@/lib/history/__fixtures__/snapshots';
import type { DomainHistoryResponse, DrainResponse, HistoryResponse } from '@/lib/history/api-types';

const base = 'http://127.0.0.1:3000';
const now = Date.now();

let rt: Runtime;

beforeAll(async () => {
  rt = installTestRuntime({ nodes: [{ id: 'a', url: 'http://127.0.0.1:9' }], config: { pollIntervalSeconds: 10 } });
  const h = rt.history;
  // 20 minutes of polls: 100 delivered per poll; gmail drains by 50 per poll and goes into backoff for a while.
  for (let i = 0; i <= 120; i++) {
    const at = now - (120 - i) * 10_000;
    const backoff = i >= 40 && i < 60;
    const queues = fakeTable([
      {
        domain: 'gmail.com',
        vmta: 'vmta-1',
        rcp: 8000 - i * 50,
        backoff,
        error: backoff ? { time: '2026-01-01 10:00:00', text: '421 4.7.28 rate limited' } : undefined,
      },
      { domain: 'yahoo.com', vmta: 'vmta-2', rcp: 100 + i },
    ]);
    await h.sampler.record('a', snapshot('a', at, fakeStatus(i * 100), queues));
  }
  // Operator actions reach the charts from the runtime's audit log.
  const action = { user: 'olivia', clientAddress: '192.0.2.1', nodes: ['a'], reason: null, resumeAt: null };
  await rt.audit.start({ ...action, at: now - 900_000, action: 'pause', pattern: 'gmail.com/*', command: 'pause queue gmail.com/*' });
  await rt.audit.start({ ...action, at: now - 800_000, action: 'resume', pattern: 'yahoo.com/*', command: 'resume queue yahoo.com/*' });
});
afterAll(() => removeTestRuntime(rt));

const get = async <T>(handler: (r: Request) => Promise<Response>, path: string, as = 'viewer'): Promise<{ status: number; body: T }> => {
  const res = await handler(await authedRequest(`${base}${path}`, { as }));
  return { status: res.status, body: (await res.json()) as T };
};

describe('GET /api/history', () => {
  it('fleet delivery rate over the last 15 minutes', async () => {
    const { status, body } = await get<HistoryResponse>(history, '/api/history?metric=rate.out.rcp&from=now-15m');
    expect(status).toBe(200);
    expect(body).toMatchObject({ metric: 'rate.out.rcp', tier: 'raw', step: 10_000 });
    expect(body.series.map((s) => s.key)).toEqual(['fleet']);
    const vals = body.series[0]!.points.map((p) => p[1]).filter((v) => v !== null);
    expect(vals.length).toBeGreaterThan(80);
    expect(vals.every((v) => v === 600)).toBe(true);
  });

  it('caps points per series whatever the range', async () => {
    const { body } = await get<HistoryResponse>(history, '/api/history?metric=domain.backlog&from=now-7d&step=1s');
    expect(body.tier).toBe('1m');
    for (const s of body.series) expect(s.points.length).toBeLessThanOrEqual(1001);
    expect(body.series.map((s) => s.key)).toEqual(['gmail.com', 'yahoo.com']);
  });

  it('a range of exactly the 1-minute retention stays on the 1-minute tier, however the clock moves during the request', async () => {
    // Every read of the clock a millisecond later than the last: `now-7d` is resolved while the
    // query is validated, and the handler must judge it against that request's clock, not a later one.
    let t = Date.now();
    const spy = vi.spyOn(Date, 'now').mockImplementation(() => ++t);
    try {
      const { body } = await get<HistoryResponse>(history, '/api/history?metric=domain.backlog&from=now-7d');
      expect(body.tier).toBe('1m');
    } finally {
      spy.mockRestore();
    }
  });

  it('400 naming the parameter', async () => {
    const bad = async (qs: string) => (await get<{ error: { message: string } }>(history, `/api/history?${qs}`)).body.error.message;
    expect(await bad('metric=nope')).toMatch(/^metric:/);
    expect(await bad('metric=queue.backlog')).toMatch(/^domain: required/);
    expect(await bad('metric=rate.out.rcp&from=now-1h&to=now-2h')).toMatch(/^from:/);
    expect(await bad('metric=rate.out.rcp&from=yesterday')).toMatch(/^from:/);
    expect(await bad('metric=rate.out.rcp&step=0')).toMatch(/^step:/);
    expect(await bad('metric=rate.out.rcp&node=Bad!')).toMatch(/^node:/);
  });

  it('401 without a session', async () => {
    const res = await history(new Request(`${base}/api/history?metric=rate.out.rcp`));
    expect(res.status).toBe(401);
  });
});

describe('GET /api/history/domain and /drain', () => {
  // Asked 1 ms after the last poll, as a page asks right after one (on PostgreSQL writing the
  // samples takes seconds: on the real clock the exact figures below depended on how many).
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now + 1);
  });
  afterEach(() => vi.useRealTimers());

  it('drill-down: per-queue backlog, delivered rate from the backlog, backoff period, the pause as an annotation', async () => {
    const { status, body } = await get<DomainHistoryResponse>(domainHistory, '/api/history/domain?domain=Gmail.com&from=now-20m');
    expect(status).toBe(200);
    expect(body.backlog.map((s) => s.key)).toEqual(['a/vmta-1']);
    expect(body.deliveredSource).toBe('backlog');
    const delivered = body.delivered.points.map((p) => p[1]).filter((v) => v !== null);
    expect(delivered.every((v) => Math.abs(v! - 300) < 1e-9)).toBe(true);
    expect(body.backoffPeriods).toEqual([
      { node: 'a', queue: 'gmail.com/vmta-1', from: now - 80 * 10_000, to: now - 60 * 10_000, reason: '421 4.7.28 rate limited' },
    ]);
    expect(body.annotations).toEqual([{ at: now - 900_000, user: 'olivia', action: 'pause', pattern: 'gmail.com/*', nodes: ['a'] }]);
  });

  it('between two polls the open bucket stays empty: no repeated backlog, so no 0 rate at the edge and an exact slope', async () => {
    // Just inside the next 10 s bucket: its poll has not come yet.
    vi.setSystemTime(Math.floor(now / 10_000) * 10_000 + 10_001);
    const { body } = await get<DomainHistoryResponse>(domainHistory, '/api/history/domain?domain=gmail.com&from=now-20m');
    expect(body.backlog[0]!.points.at(-1)).toEqual([Math.floor(now / 10_000) * 10_000 + 10_000, null]);
    expect(body.delivered.points.at(-1)![1]).toBeNull();
    expect(body.delivered.points.filter((p) => p[1] !== null).every((p) => Math.abs(p[1]! - 300) < 1e-9)).toBe(true);
    const g = (await get<DrainResponse>(drain, '/api/history/drain?domain=gmail.com')).body;
    expect(g.domainEstimate.slopePerMin).toBeCloseTo(-300, 6);
  });

  it('drain ETA: gmail clears at 300/min, yahoo grows (no ETA, so no expiry risk claimed)', async () => {
    const g = (await get<DrainResponse>(drain, '/api/history/drain?domain=gmail.com')).body;
    expect(g.domainEstimate).toMatchObject({ status: 'draining', rcp: 2000, expiryRisk: false });
    expect(g.domainEstimate.slopePerMin).toBeCloseTo(-300, 6);
    expect(g.domainEstimate.etaMs).toBe(400_000);
    expect(g.queues).toMatchObject([{ node: 'a', vmta: 'vmta-1', queue: 'gmail.com/vmta-1', status: 'draining' }]);
    const y = (await get<DrainResponse>(drain, '/api/history/drain?domain=yahoo.com')).body;
    expect(y.domainEstimate).toMatchObject({ status: 'growing', expiryRisk: false, etaMs: null });
    expect(y.lifetimeSeconds).toBe(4.5 * 86_400);
  });
});
