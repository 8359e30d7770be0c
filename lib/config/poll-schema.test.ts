import { describe, expect, it } from 'vitest';
import { adaptiveFor } from './poll-schema';
import { configSchema } from './schema';

const node = (extra: object = {}) => ({ id: 'a', url: 'http://127.0.0.1:1', ...extra });

describe('poll.adaptive', () => {
  it('is off by default: the full list every interval', () => {
    const c = configSchema.parse({ nodes: [node()] });
    expect(c.poll.adaptive).toEqual({ enabled: false, fullEvery: 6, topN: 1000 });
    expect(adaptiveFor(c.poll, c.nodes[0]!.poll)).toEqual({ enabled: false, fullEvery: 6, topN: 1000 });
  });

  it('takes a node’s own keys over the fleet-wide ones', () => {
    const c = configSchema.parse({
      poll: { adaptive: { enabled: true, topN: 500 } },
      nodes: [node(), node({ id: 'b', poll: { adaptive: { enabled: false } } }), node({ id: 'c', poll: { adaptive: { fullEvery: 12 } } })],
    });
    expect(c.nodes.map((n) => adaptiveFor(c.poll, n.poll))).toEqual([
      { enabled: true, fullEvery: 6, topN: 500 },
      { enabled: false, fullEvery: 6, topN: 500 },
      { enabled: true, fullEvery: 12, topN: 500 },
    ]);
  });

  it('rejects values that make no sense and unknown keys', () => {
    const bad = (v: object) => configSchema.safeParse({ nodes: [node()], ...v }).success;
    expect(bad({ poll: { adaptive: { fullEvery: 1 } } })).toBe(false);
    expect(bad({ poll: { adaptive: { topN: 0 } } })).toBe(false);
    expect(bad({ poll: { adaptive: { topN: 2.5 } } })).toBe(false);
    expect(bad({ poll: { adaptive: { every: 3 } } })).toBe(false);
    expect(configSchema.safeParse({ nodes: [node({ poll: { adaptive: { enabled: 'yes' } } })] }).success).toBe(false);
    expect(configSchema.safeParse({ nodes: [node({ poll: { full: true } })] }).success).toBe(false);
  });
});
