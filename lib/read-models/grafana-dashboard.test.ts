// The Grafana dashboard shipped in docs/grafana/ may only query metrics the console exports:
// every metric name in its PromQL is one /api/metrics writes (over a simulated fleet).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimFleet, type SimFleet } from '@/sim';
import { buildTestRuntime } from '@/lib/runtime/__fixtures__/test-runtime';
import type { Runtime } from '@/lib/runtime/runtime';
import { fleetMetrics } from './metrics';

const file = path.resolve(import.meta.dirname, '../../docs/grafana/powermta-console.json');
const PROMQL_WORDS = new Set(['sum', 'by', 'count', 'or', 'vector', 'rate', 'topk', 'label_values', 'node', 'direction', 'without', 'abs']);

function exprs(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => exprs(x, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if ((k === 'expr' || (k === 'query' && typeof x === 'string' && x.includes('('))) && typeof x === 'string') out.push(x);
      else exprs(x, out);
    }
  }
  return out;
}

/** Metric names in a PromQL expression: identifiers outside {…}, [..], quotes, not functions/keywords. */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/"[^"]*"/g, '')
    .replace(/\([^()]*\bby\b[^()]*\)/g, '');
  return [...bare.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)].map((m) => m[0]).filter((w) => !PROMQL_WORDS.has(w) && !/^\d/.test(w) && w.startsWith('pmta_'));
}

let sims: SimFleet;
let rt: Runtime;
beforeAll(async () => {
  sims = await startSimFleet({ nodes: 2, tickMs: 0, seed: 3 });
  for (const n of sims.nodes) n.advance(120);
  rt = buildTestRuntime({ nodes: sims.nodes.map((n) => ({ id: n.id, url: n.url, apiKey: n.apiKey })) });
  // A Gmail episode, polled until the backing-up series (only written for flagged domains) exists.
  sims.nodes[0]!.startBackoff('gmail.com/*', 'gmail', 3600);
  for (let i = 0; i < 4; i++) {
    sims.nodes[0]!.advance(20);
    await rt.fleet.pollAll();
  }
});
afterAll(async () => {
  await rt?.stop();
  await sims?.stop();
});

describe('docs/grafana/powermta-console.json', () => {
  it('queries only metrics the console exports', async () => {
    const dash = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    const used = new Set(exprs(dash).flatMap(metricNames));
    expect(used.size).toBeGreaterThan(10);
    const text = fleetMetrics(rt.fleet, Date.now(), { alertsFiring: await rt.alerts.firingCounts(), ingestLagBytes: [{ node: 'pmta1', bytes: 0 }] });
    const exported = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!));
    expect([...used].filter((n) => !exported.has(n))).toEqual([]);
  });
});
