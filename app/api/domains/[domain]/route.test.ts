import { describe, expect, it } from 'vitest';
import { simFleetRuntime } from '../../__fixtures__/sim-fleet-runtime';
import { GET as domain } from './route';

const t = simFleetRuntime();
const params = (d: string) => ({ params: Promise.resolve({ domain: d }) });

describe('GET /api/domains/{domain}', () => {
  it('drills into a domain, with the backoff errors and their provider signature', async () => {
    const res = await domain(await t.get('/api/domains/gmail.com'), params('gmail.com'));
    const body = await res.json();
    expect(body.domain).toBe('gmail.com');
    expect(body.queues.length).toBeGreaterThan(0);
    expect(body.errors.some((e: { text: string; signature: string }) => /4\.7\.28/.test(e.text) && e.signature.startsWith('gmail'))).toBe(true);
    const bad = await domain(await t.get('/api/domains/x;rm'), params('x;rm'));
    expect(bad.status).toBe(400);
  });
});
