import { describe, expect, it } from 'vitest';
import { simFleetRuntime } from '../__fixtures__/sim-fleet-runtime';
import { GET as backoff } from './route';

const t = simFleetRuntime();

describe('GET /api/backoff', () => {
  it('groups backoff by provider', async () => {
    const b = await (await backoff(await t.get('/api/backoff'))).json();
    expect(
      b.groups.some((g: { provider: string; queues: { domain: string }[] }) => g.provider === 'gmail' && g.queues.every((q) => q.domain === 'gmail.com')),
    ).toBe(true);
  });
});
