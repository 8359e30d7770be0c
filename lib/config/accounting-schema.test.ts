import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './load';

const NODES = 'nodes:\n  - id: mta1\n    url: http://127.0.0.1:8080\n  - id: mta2\n    url: http://127.0.0.1:8081\n';

function problems(text: string): string[] {
  try {
    parseConfig(text, 'x.yaml', {});
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('accounting config section', () => {
  it('defaults to no ingestion and documented thresholds', () => {
    const cfg = parseConfig(NODES, 'x', {});
    expect(cfg.accounting).toEqual({ nodes: {}, thresholds: { complaintRatePct: 0.1, bounceRatePct: 5, minDelivered: 100 }, recentDiagnostics: 1000, malformedSamples: 50, minuteRetentionDays: 14, hourRetentionDays: 400 });
  });

  it('takes a source per node with per-source defaults', () => {
    const cfg = parseConfig(`${NODES}accounting:\n  nodes:\n    mta1: { source: dir, dir: /var/log/pmta }\n    mta2: { source: http, pollSeconds: 30 }\n  thresholds: { complaintRatePct: 0.3 }\n`, 'x', {});
    expect(cfg.accounting.nodes.mta1).toEqual({ source: 'dir', dir: '/var/log/pmta', pattern: 'acct-*.csv', pollSeconds: 10, settleSeconds: 60 });
    expect(cfg.accounting.nodes.mta2).toMatchObject({ source: 'http', pollSeconds: 30 });
    expect(cfg.accounting.thresholds).toEqual({ complaintRatePct: 0.3, bounceRatePct: 5, minDelivered: 100 });
  });

  it('names unknown nodes, a dir source without dir, and unknown keys', () => {
    expect(problems(`${NODES}accounting:\n  nodes:\n    mta9: { source: http }\n    mta1: { source: dir }\n`).sort()).toEqual([
      'accounting.nodes.mta1.dir: required when source is "dir"',
      'accounting.nodes.mta9: no node with id "mta9"',
    ]);
    expect(problems(`${NODES}accounting:\n  thresholds: { complaintRate: 0.1 }\n`)[0]).toMatch(/^accounting\.thresholds: Unrecognized key/);
  });
});
