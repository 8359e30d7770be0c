import { describe, expect, it } from 'vitest';
import type { NodeView } from '@/lib/api/responses';
import { staleSince } from './stale';

const health = (state: NodeView['health']['state'], since: number | null = null): NodeView['health'] => ({
  state,
  since,
  reason: state === 'ok' ? null : 'timeout',
  message: null,
  lastAttemptAt: null,
  lastSuccessAt: null,
  consecutiveFailures: 0,
  lastPollMs: null,
});

describe('staleSince', () => {
  it('is null for a healthy node with recent data', () => {
    expect(staleSince({ health: health('ok'), dataAt: 96_000 }, 100_000, 2)).toBeNull();
    expect(staleSince({ health: health('ok'), dataAt: 96_000 }, 100_000, 5)).toBeNull();
  });
  it('flags data older than two poll intervals even when health still says ok', () => {
    expect(staleSince({ health: health('ok'), dataAt: 90_000 }, 100_000, 2)).toBe(94_000);
  });
  it('uses the health streak start for a down or stale node', () => {
    expect(staleSince({ health: health('down', 80_000), dataAt: 99_000 }, 100_000, 2)).toBe(80_000);
    expect(staleSince({ health: health('stale', null), dataAt: null }, 100_000, 2)).toBe(100_000);
  });
});
