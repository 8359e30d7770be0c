import { describe, expect, it } from 'vitest';
import { BASE, METRICS_TOKEN, simFleetRuntime } from '../__fixtures__/sim-fleet-runtime';
import { GET as metrics } from './route';

simFleetRuntime();

describe('GET /api/metrics', () => {
  it('exposes Prometheus metrics to a bearer token, bounded per domain', async () => {
    const res = await metrics(new Request(`${BASE}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('# TYPE pmta_node_up gauge');
    expect(text).toMatch(/pmta_node_up\{node="pmta1"\} 1/);
    expect(text).toMatch(/pmta_traffic_recipients_total\{node="pmta2",direction="out"\} \d+/);
    const domains = text.split('\n').filter((l) => l.startsWith('pmta_domain_backlog_recipients{'));
    expect(domains.length).toBeLessThanOrEqual(51);
    const wrong = await metrics(new Request(`${BASE}/api/metrics`, { headers: { authorization: 'Bearer nope' } }));
    expect(wrong.status).toBe(401);
  });
});
