import { describe, expect, it } from 'vitest';
import { BASE, METRICS_TOKEN, simFleetRuntime } from '../__fixtures__/sim-fleet-runtime';
import { GET as metrics } from './route';
import { checkMetrics } from '@/lib/alerts/__fixtures__/promtool';

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

  it('passes promtool check metrics, in base units, with the alert and backing-up series', async () => {
    const text = await (await metrics(new Request(`${BASE}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }))).text();
    expect(text).not.toMatch(/kilobytes/);
    expect(text).toMatch(/pmta_traffic_bytes_total\{node="pmta1",direction="out"\} \d+/);
    expect(text).toMatch(/pmta_console_alerts_firing\{rule="backing-up",severity="warning"\} 0/);
    expect(text).toMatch(/pmta_node_clock_skew_seconds\{node="pmta1"\} -?\d+/);
    expect(text).toMatch(/pmta_node_queue_list_truncated\{node="pmta1"\} 0/);
    expect(text).toMatch(/pmta_domains_backing_up\{node="pmta2"\} 0/);
    const r = checkMetrics(text);
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
  });
});
