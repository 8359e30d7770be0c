import { describe, expect, it } from 'vitest';
import { simFleetRuntime } from '../__fixtures__/sim-fleet-runtime';
import { GET as suggestions } from './route';

const t = simFleetRuntime();

describe('GET /api/domain-suggestions', () => {
  it('offers the domains with queues closest to a typo', async () => {
    const res = await suggestions(await t.get('/api/domain-suggestions?q=gmial.com'));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.query).toBe('gmial.com');
    expect(body.matches[0]).toBe('gmail.com');
  });

  it('answers an unrelated name with no matches, and rejects a missing query with the one error shape', async () => {
    expect((await (await suggestions(await t.get('/api/domain-suggestions?q=zzzzzzzzzz.invalid'))).json()).matches).toEqual([]);
    const bad = await suggestions(await t.get('/api/domain-suggestions'));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('bad_request');
  });
});
