import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { authedRequest } from '@/lib/auth/__fixtures__/test-auth';
import { installTestRuntime, removeTestRuntime } from '@/lib/runtime/__fixtures__/test-runtime';
import type { Runtime } from '@/lib/runtime/runtime';
import { apiRoute, MAX_BODY_BYTES } from './route';
import { testContract } from './test-contract';

let rt: Runtime;
beforeAll(() => {
  rt = installTestRuntime();
});
afterAll(() => removeTestRuntime(rt));

const echoQuery = apiRoute(testContract({ role: 'viewer', query: z.object({ a: z.string().optional() }).strict() }), ({ query }) => ({ a: query.a ?? null }));
const echoBody = apiRoute(testContract({ role: 'operator', body: z.object({ text: z.string() }) }), ({ body }) => ({ length: body.text.length }));

async function error(res: Response): Promise<{ code: string; status: number; message: string }> {
  return ((await res.json()) as { error: { code: string; status: number; message: string } }).error;
}

describe('apiRoute: query strings', () => {
  it('keeps __proto__ a plain key, so a strict schema refuses it instead of it vanishing', async () => {
    const res = await echoQuery(await authedRequest('http://127.0.0.1:3000/api/test?a=1&__proto__=x'));
    expect(res.status).toBe(400);
    expect((await error(res)).message).toContain('__proto__');
    expect(({} as Record<string, unknown>).a).toBeUndefined();
  });

  it('refuses a parameter given twice (400 naming it)', async () => {
    const res = await echoQuery(await authedRequest('http://127.0.0.1:3000/api/test?a=1&a=2'));
    expect(res.status).toBe(400);
    expect((await error(res)).message).toContain('a: given more than once');
  });
});

describe('apiRoute: request bodies are capped before parsing', () => {
  it('accepts a body up to the cap', async () => {
    const text = 'x'.repeat(MAX_BODY_BYTES - 20);
    const res = await echoBody(await authedRequest('http://127.0.0.1:3000/api/test', { as: 'operator', method: 'POST', body: { text } }));
    expect(res.status).toBe(200);
  });

  it('answers 413 too_large for a declared content-length over the cap, without reading it', async () => {
    const req = await authedRequest('http://127.0.0.1:3000/api/test', {
      as: 'operator',
      method: 'POST',
      body: { text: 'short' },
      headers: { 'content-length': String(MAX_BODY_BYTES + 1) },
    });
    const res = await echoBody(req);
    expect(res.status).toBe(413);
    expect(await error(res)).toMatchObject({ code: 'too_large', status: 413 });
  });

  it('answers 413 for a streamed body that passes the cap, stopping the read', async () => {
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        sent += 16 * 1024;
        c.enqueue(new Uint8Array(16 * 1024).fill(0x20));
        if (sent > 10 * MAX_BODY_BYTES) c.close();
      },
    });
    const base = await authedRequest('http://127.0.0.1:3000/api/test', { as: 'operator', method: 'POST', body: {} });
    const req = new Request(base.url, { method: 'POST', headers: base.headers, body: stream, duplex: 'half' } as RequestInit);
    const res = await echoBody(req);
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(2 * MAX_BODY_BYTES);
  });
});
