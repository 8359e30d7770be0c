import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './load';
import { parseDurationSeconds } from './duration';

const KEY = 'k'.repeat(40);

function problems(text: string, env: Record<string, string> = {}): string[] {
  try {
    parseConfig(text, '/etc/pmta-console.yaml', env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as Error).message).toContain('/etc/pmta-console.yaml');
    return (e as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('applies documented defaults', () => {
    const cfg = parseConfig('nodes:\n  - id: mta1\n    url: https://mta1.example.net:8080\n', 'x.yaml', {});
    expect(cfg.pollIntervalSeconds).toBe(10);
    expect(cfg.maxResponseBytes).toBe(64 * 1024 * 1024);
    expect(cfg.nodes[0]).toMatchObject({ id: 'mta1', format: 'auto', timeoutMs: 10_000, tls: { insecure: false }, tags: [] });
    expect(cfg.bounceAfter).toBe('4d12h');
  });

  it('interpolates ${VAR} secrets from the environment', () => {
    const cfg = parseConfig('nodes:\n  - id: a\n    url: http://127.0.0.1:8080\n    apiKey: ${MTA_KEY}\n', 'x', { MTA_KEY: KEY });
    expect(cfg.nodes[0]?.apiKey).toBe(KEY);
  });

  it('names the missing variable and where it was used', () => {
    expect(problems('nodes:\n  - id: a\n    url: http://h:1\n    apiKey: ${NOPE}\n')).toEqual(['nodes[0].apiKey: environment variable ${NOPE} is not set']);
  });

  it('keeps a `__proto__` key as a key (refused by the strict schema) and never reads inherited variables', () => {
    const text = `nodes:\n  - id: mta1\n    url: http://127.0.0.1:8080\n__proto__:\n  polluted: 1\n`;
    expect(problems(text).join('\n')).toMatch(/__proto__/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(problems('nodes:\n  - id: mta1\n    url: http://127.0.0.1:8080\n    apiKey: ${constructor}\n', {}).join('\n')).toMatch(
      /\$\{constructor\} is not set/,
    );
  });

  it('keeps an escaped $${X} literally', () => {
    const cfg = parseConfig('nodes:\n  - id: a\n    name: cost $${X}\n    url: http://h:1\n', 'x', {});
    expect(cfg.nodes[0]?.name).toBe('cost ${X}');
  });

  it('names the field and the expectation for each problem', () => {
    const p = problems('pollIntervalSeconds: fast\nnodes:\n  - id: A B\n    url: ftp://x\n    format: csv\n    extra: 1\n');
    expect(p.some((m) => m.startsWith('pollIntervalSeconds:'))).toBe(true);
    expect(p.some((m) => m.startsWith('nodes[0].id:') && m.includes('lower-case'))).toBe(true);
    expect(p.some((m) => m.startsWith('nodes[0].url:'))).toBe(true);
    expect(p.some((m) => m.startsWith('nodes[0].format:'))).toBe(true);
    expect(p.some((m) => m.includes('extra'))).toBe(true);
  });

  it('rejects duplicate node ids, an empty fleet and bad API keys', () => {
    expect(problems('nodes:\n  - {id: a, url: "http://h:1"}\n  - {id: a, url: "http://h:2"}\n')).toEqual(['nodes[1].id: duplicate node id "a"']);
    expect(problems('nodes: []\n')[0]).toContain('at least one node');
    expect(problems('nodes:\n  - {id: a, url: "http://h:1", apiKey: "short"}\n')[0]).toContain('32-128');
  });

  it('reports YAML syntax errors', () => {
    expect(problems('nodes: [\n')[0]).toMatch(/^YAML:/);
  });
});

describe('parseDurationSeconds', () => {
  it('reads PowerMTA durations', () => {
    expect(parseDurationSeconds('4d12h')).toBe(4 * 86400 + 12 * 3600);
    expect(parseDurationSeconds('90m')).toBe(5400);
    expect(parseDurationSeconds('1h30m15s')).toBe(5415);
    expect(parseDurationSeconds('soon')).toBeNull();
    expect(parseDurationSeconds('')).toBeNull();
  });
});
