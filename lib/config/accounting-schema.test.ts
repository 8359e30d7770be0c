import { describe, expect, it } from 'vitest';
import { nodeSources } from './accounting-schema';
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
    expect(cfg.accounting).toEqual({
      nodes: {},
      thresholds: { complaintRatePct: 0.1, bounceRatePct: 5, minDelivered: 100 },
      recentDiagnostics: 1000,
      malformedSamples: 50,
      minuteRetentionDays: 14,
      hourRetentionDays: 400,
    });
  });

  it('takes a source per node with per-source defaults', () => {
    const cfg = parseConfig(
      `${NODES}accounting:\n  nodes:\n    mta1: { source: dir, dir: /var/log/pmta }\n    mta2: { source: http, pollSeconds: 30 }\n  thresholds: { complaintRatePct: 0.3 }\n`,
      'x',
      {},
    );
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

describe('accounting sources', () => {
  it('keeps the single-source form as source "default" and adds sources[] with defaults', () => {
    const cfg = parseConfig(
      `${NODES}accounting:\n  nodes:\n    mta1:\n      source: http\n      sources:\n        - { id: t, kind: http, pattern: 'acct-t-*.csv', startAt: end }\n        - { id: push, kind: webhook, secret: 0123456789abcdef0123 }\n    mta2: { sources: [{ id: bd, kind: dir, dir: /var/log/pmta, pattern: 'acct-bd-*.csv' }] }\n`,
      'x',
      {},
    );
    expect(nodeSources(cfg.accounting.nodes.mta1)).toEqual([
      {
        id: 'default',
        kind: 'http',
        pattern: 'acct-*.csv',
        pollSeconds: 10,
        settleSeconds: 60,
        startAt: 'beginning',
        chunkBytes: 4 << 20,
        maxBytesPerPoll: 256 << 20,
      },
      { id: 't', kind: 'http', pattern: 'acct-t-*.csv', pollSeconds: 10, settleSeconds: 60, startAt: 'end', chunkBytes: 4 << 20, maxBytesPerPoll: 256 << 20 },
      { id: 'push', kind: 'webhook', secret: '0123456789abcdef0123', maxBodyBytes: 64 << 20 },
    ]);
    expect(nodeSources(cfg.accounting.nodes.mta2).map((s) => s.id)).toEqual(['bd']);
    expect(nodeSources(undefined)).toEqual([]);
  });

  it('refuses duplicate ids, a second webhook, a short secret and a dir source without dir', () => {
    const p = problems(
      `${NODES}accounting:\n  nodes:\n    mta1:\n      source: dir\n      dir: /x\n      sources:\n        - { id: default, kind: http }\n        - { id: a, kind: webhook, secret: 0123456789abcdef }\n        - { id: b, kind: webhook, secret: short }\n    mta2: { sources: [{ id: x, kind: dir }] }\n`,
    );
    expect(p.sort()).toEqual([
      'accounting.nodes.mta1.sources: at most one webhook source per node (its URL names the node)',
      'accounting.nodes.mta1.sources[0].id: duplicate source id "default"',
      'accounting.nodes.mta1.sources[2].secret: Too small: expected string to have >=16 characters',
      'accounting.nodes.mta2.sources[0].dir: Invalid input: expected string, received undefined',
    ]);
  });
});
