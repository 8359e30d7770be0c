// Queue actions end to end through the route handlers against the simulator: every action on
// every scope changes the simulator, the console's read API shows it, the audit log has it.
import { afterEach, describe, expect, it } from 'vitest';
import { POST as act } from '@/app/api/actions/route';
import { GET as audit } from '@/app/api/audit/route';
import { GET as domainApi } from '@/app/api/domains/[domain]/route';
import { authedRequest, TEST_ORIGIN } from '@/lib/auth/__fixtures__/test-auth';
import type { AuditListResponse } from '@/lib/audit/types';
import type { DomainView } from '@/lib/read-models/domain-view';
import type { ActionResponse } from './types';
import { simQueues, startTestFleet, type TestFleet } from './__fixtures__/test-fleet';

let t: TestFleet | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const post = async (body: unknown, as = 'operator', headers?: Record<string, string>) =>
  act(await authedRequest(`${TEST_ORIGIN}/api/actions`, { as, method: 'POST', body, headers }));

async function run(body: Record<string, unknown>) {
  const res = await post(body);
  const json = (await res.json()) as ActionResponse;
  expect(res.status, JSON.stringify(json)).toBe(200);
  return json;
}

async function consoleRows(domain: string) {
  const res = await domainApi(await authedRequest(`${TEST_ORIGIN}/api/domains/${domain}`), { params: Promise.resolve({ domain }) });
  return ((await res.json()) as DomainView).queues;
}

async function lastAudit() {
  const res = await audit(await authedRequest(`${TEST_ORIGIN}/api/audit?limit=1`));
  return ((await res.json()) as AuditListResponse).entries[0]!;
}

const SCOPES = [
  { name: 'one queue on one node', pattern: 'gmail.com/vmta-1', nodes: ['a'], confirm: undefined },
  { name: 'a domain on every vMTA of all nodes', pattern: 'gmail.com/*', nodes: 'all', confirm: 'gmail.com/*' },
  { name: 'a whole vMTA on two nodes', pattern: '*/vmta-2', nodes: ['a', 'b'], confirm: '*/vmta-2' },
] as const;

describe('queue actions against the simulator', () => {
  for (const scope of SCOPES) {
    it(`pause, resume, reset backoff and retry: ${scope.name}`, async () => {
      t = await startTestFleet([{ id: 'a' }, { id: 'b' }]);
      const targets = scope.nodes === 'all' ? ['a', 'b'] : [...scope.nodes];
      const base = { pattern: scope.pattern, nodes: scope.nodes, confirm: scope.confirm };
      const domain = scope.pattern.startsWith('*') ? 'gmail.com' : scope.pattern.split('/')[0]!;

      const paused = await run({ ...base, action: 'pause', reason: 'provider throttling' });
      expect(paused.state).toBe('completed');
      expect(paused.results.map((r) => [r.node, r.status, r.text, r.verification?.status])).toEqual(
        targets.map((n) => [n, 'ok', 'Queue(s) paused.', 'verified']),
      );
      for (const n of targets) expect(simQueues(t.sims.get(n)!, scope.pattern).every((q) => q.paused)).toBe(true);
      if (scope.nodes.length === 1) expect(simQueues(t.sims.get('b')!, scope.pattern).some((q) => q.paused)).toBe(false);
      const shown = (await consoleRows(domain)).filter(
        (r) => targets.includes(r.node) && (scope.pattern.endsWith('/*') || r.vmta === scope.pattern.split('/')[1]),
      );
      expect(shown.length).toBeGreaterThan(0);
      expect(shown.every((r) => r.paused)).toBe(true);
      expect(await lastAudit()).toMatchObject({
        id: paused.auditId,
        user: 'operator',
        action: 'pause',
        pattern: scope.pattern,
        nodes: targets,
        reason: 'provider throttling',
        state: 'completed',
      });

      await run({ ...base, action: 'resume' });
      for (const n of targets) expect(simQueues(t.sims.get(n)!, scope.pattern).some((q) => q.paused)).toBe(false);
      expect((await consoleRows(domain)).filter((r) => targets.includes(r.node)).some((r) => r.paused)).toBe(false);
      expect(await lastAudit()).toMatchObject({ action: 'resume', state: 'completed' });

      for (const n of targets) t.sims.get(n)!.startBackoff(scope.pattern, 'gmail', 3600);
      for (const n of targets) expect(simQueues(t.sims.get(n)!, scope.pattern).every((q) => q.mode === 'backoff')).toBe(true);
      const reset = await run({ ...base, action: 'reset-backoff' });
      expect(reset.results.every((r) => r.verification?.status === 'verified')).toBe(true);
      for (const n of targets) expect(simQueues(t.sims.get(n)!, scope.pattern).every((q) => q.mode === 'normal')).toBe(true);
      expect((await lastAudit()).command).toBe(`set queue --mode=normal ${scope.pattern}`);

      for (const n of targets) t.sims.get(n)!.startBackoff(scope.pattern, 'gmail', 3600); // retry due in 5 min
      const retry = await run({ ...base, action: 'retry' });
      expect(retry.results.every((r) => r.status === 'ok' && r.verification?.status === 'sent' && /matching queues scheduled/.test(r.text))).toBe(true);
      for (const n of targets) {
        const s = t.sims.get(n)!;
        expect(simQueues(s, scope.pattern).every((q) => q.retryAt <= s.state().nowMs)).toBe(true);
      }
      expect(await lastAudit()).toMatchObject({ action: 'retry', command: `schedule ${scope.pattern}` });
    });
  }

  it('a node that fails does not hide the others; nodes without a key or on 4.x are unavailable with the reason', async () => {
    t = await startTestFleet([{ id: 'a' }, { id: 'down' }, { id: 'nokey', withKey: false }, { id: 'old', version: '4.5' }]);
    await t.sims.get('down')!.stopServer();
    const r = await run({ action: 'pause', pattern: 'yahoo.com/*', nodes: 'all', confirm: 'yahoo.com/*' });
    expect(r.state).toBe('partial');
    const by = Object.fromEntries(r.results.map((x) => [x.node, x]));
    expect(by.a).toMatchObject({ status: 'ok', verification: { status: 'verified' } });
    expect(by.down).toMatchObject({ status: 'failed', verification: null });
    expect(by.down!.text).toMatch(/^(refused|unreachable): /);
    expect(by.nokey).toMatchObject({ status: 'unavailable' });
    expect(by.nokey!.text).toMatch(/no API key/);
    expect(by.old).toMatchObject({ status: 'unavailable' });
    expect(by.old!.text).toMatch(/4\.5.*need 5\.0/);
    expect(t.sent.get('nokey')).toEqual([]);
    expect(t.sent.get('old')).toEqual([]);
    expect(simQueues(t.sims.get('a')!, 'yahoo.com/*').every((q) => q.paused)).toBe(true);
    expect(await lastAudit()).toMatchObject({ state: 'partial', results: r.results });
  });
});
