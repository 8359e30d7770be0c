import { describe, expect, it } from 'vitest';
import { BASE, METRICS_TOKEN, simFleetRuntime } from '../__fixtures__/sim-fleet-runtime';
import { authedRequest } from '@/lib/auth/__fixtures__/test-auth';
import { checkRules } from '@/lib/alerts/__fixtures__/promtool';
import { GET as list } from './route';
import { POST as silence } from './silences/route';
import { DELETE as unsilence } from './silences/[id]/route';
import { POST as ack } from './[id]/ack/route';
import { GET as rulesYaml } from './rules.yaml/route';

const t = simFleetRuntime();
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

describe('GET /api/alerts', () => {
  it('lists the active alerts with their rule, labels, summary and link', async () => {
    // gmail.com is in backoff on pmta1: a few polls make it grow, the evaluator flags it.
    for (let i = 0; i < 4; i++) {
      t.sims.nodes[0]!.advance(20);
      await t.runtime.fleet.pollAll();
      await t.runtime.alerts.evaluate();
    }
    const res = await list(await t.get('/api/alerts'));
    expect(res.status).toBe(200);
    const body = await res.json();
    const a = body.alerts.find((x: { rule: string; labels: { domain?: string } }) => x.rule === 'backing-up' && x.labels.domain === 'gmail.com');
    expect(a).toMatchObject({
      state: 'pending',
      labels: { node: 'pmta1', domain: 'gmail.com' },
      link: '/domains/gmail.com?node=pmta1&act=pause&pattern=gmail.com%2F*&duration=30m',
    });
    expect(body.counts.pending).toBeGreaterThanOrEqual(1);
    expect(body.rules.map((r: { name: string }) => r.name)).toContain('node-down');
    const bad = await list(await t.get('/api/alerts?state=nope'));
    expect(bad.status).toBe(400);
  });
});

describe('silences and acknowledgements', () => {
  const body = { matchers: [{ label: 'domain', value: 'gmail.*' }], durationSeconds: 3600, reason: 'provider incident' };
  it('need an operator and the CSRF token', async () => {
    expect((await silence(await authedRequest(`${BASE}/api/alerts/silences`, { method: 'POST', body, as: 'viewer' }))).status).toBe(403);
    const noCsrf = await authedRequest(`${BASE}/api/alerts/silences`, { method: 'POST', body, as: 'operator' });
    noCsrf.headers.delete('x-csrf-token');
    expect((await silence(noCsrf)).status).toBe(403);
  });

  it('silence: shown on the alert, audited, ended by DELETE', async () => {
    const res = await silence(await authedRequest(`${BASE}/api/alerts/silences`, { method: 'POST', body, as: 'operator' }));
    expect(res.status).toBe(200);
    const { id } = await res.json();
    const after = await (await list(await t.get('/api/alerts?state=silenced'))).json();
    expect(after.alerts.length).toBeGreaterThan(0);
    expect(after.alerts.every((a: { silencedBy: number }) => a.silencedBy === id)).toBe(true);
    expect((await t.runtime.audit.list({})).find((e) => e.action === 'silence')).toMatchObject({ user: 'operator', reason: 'provider incident' });
    const del = await unsilence(await authedRequest(`${BASE}/api/alerts/silences/${id}`, { method: 'DELETE', as: 'operator' }), ctx(String(id)));
    expect(del.status).toBe(200);
    const again = await unsilence(await authedRequest(`${BASE}/api/alerts/silences/${id}`, { method: 'DELETE', as: 'operator' }), ctx(String(id)));
    expect(again.status).toBe(404);
  });

  it('acknowledge: recorded on the alert and audited; unknown ids are 404', async () => {
    const { alerts } = await (await list(await t.get('/api/alerts'))).json();
    const id = alerts[0].id as number;
    const res = await ack(
      await authedRequest(`${BASE}/api/alerts/${id}/ack`, { method: 'POST', body: { reason: 'looking' }, as: 'operator' }),
      ctx(String(id)),
    );
    expect(res.status).toBe(200);
    const after = await (await list(await t.get('/api/alerts'))).json();
    expect(after.alerts.find((a: { id: number }) => a.id === id).ackedBy).toBe('operator');
    expect((await t.runtime.audit.list({})).some((e) => e.action === 'acknowledge')).toBe(true);
    const missing = await ack(await authedRequest(`${BASE}/api/alerts/999999/ack`, { method: 'POST', body: {}, as: 'operator' }), ctx('999999'));
    expect(missing.status).toBe(404);
  });
});

describe('GET /api/alerts/rules.yaml', () => {
  it('is a Prometheus rules file that promtool accepts', async () => {
    const res = await rulesYaml(new Request(`${BASE}/api/alerts/rules.yaml`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('alert: PmtaBackingUp');
    expect(text).toContain('expr: pmta_domain_backing_up == 1');
    const r = checkRules(text);
    expect(r.output).toMatch(/SUCCESS: 9 rules found/);
    expect(r.status).toBe(0);
  });
});
