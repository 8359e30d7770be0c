import { describe, expect, it } from 'vitest';
import { simFleetRuntime } from '../__fixtures__/sim-fleet-runtime';
import { GET as vmtas } from './route';

const t = simFleetRuntime();

describe('GET /api/vmtas', () => {
  it('totals vMTAs with their top domains', async () => {
    const v = await (await vmtas(await t.get('/api/vmtas'))).json();
    expect(v.vmtas.length).toBeGreaterThan(0);
    expect(v.vmtas[0].topDomains.length).toBeGreaterThan(0);
  });
});
