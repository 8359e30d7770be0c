import { describe, expect, it } from 'vitest';
import type { NodesResponse } from '@/lib/api/responses';
import { simFleetRuntime } from '../__fixtures__/sim-fleet-runtime';
import { GET as nodes } from './route';

const t = simFleetRuntime();

describe('GET /api/nodes', () => {
  it('reports node health and versions', async () => {
    const body = (await (await nodes(await t.get('/api/nodes'))).json()) as NodesResponse;
    expect(body.nodes.map((n) => [n.id, n.health.state, n.hasApiKey])).toEqual([
      ['pmta1', 'ok', true],
      ['pmta2', 'ok', true],
    ]);
    expect(JSON.stringify(body)).not.toContain(t.sims.nodes[0]!.apiKey); // keys never leave the server
  });
});
