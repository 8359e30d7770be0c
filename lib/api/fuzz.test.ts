// Property-based fuzzing of every API route in the contract registry (so a new route is fuzzed
// as soon as it is declared): generated query strings, path segments, bodies and headers —
// wrong types, huge, Unicode, malformed percent-encoding, duplicate keys, `__proto__` keys —
// as every role, with and without CSRF, against the real route handlers over a test runtime
// polling the simulator. Every answer must be below 500, errors in the one JSON error shape
// (lib/api/errors.ts), successful JSON answers in the route's response schema, and the
// process must stay healthy (health answers, Object.prototype untouched).
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startSimFleet, type SimFleet } from '@/sim';
import { sessionFor, testAuthConfig } from '@/lib/auth/__fixtures__/test-auth';
import { installTestRuntime, removeTestRuntime } from '@/lib/runtime/__fixtures__/test-runtime';
import type { Runtime } from '@/lib/runtime/runtime';
import { routes, type RouteContract } from './contracts/registry';
import { errorBodySchema } from './contracts/shared';

const BASE = 'http://127.0.0.1:3000';
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
type Handler = (req: Request, route?: { params?: Promise<Record<string, string>> }) => Promise<Response>;

/** app/api/domains/[domain]/route.ts for `/api/domains/{domain}`. */
function routeFile(contractPath: string): string {
  return path.join(import.meta.dirname, '../../app', contractPath.replace(/\{(\w+)\}/g, '[$1]'), 'route.ts');
}

/** Keys a schema knows (so generated queries and bodies often get past the first check). */
function knownKeys(schema: z.ZodType | undefined): string[] {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

const hostile = fc.constantFrom('__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString');
const nastyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    '0',
    '-1',
    '1e309',
    'NaN',
    'true',
    'null',
    '[]',
    '{}',
    'all',
    'pmta1',
    'gmail.com',
    'gmail.com/*',
    '*/*',
    '*',
    'a'.repeat(5000),
    '\u0000',
    '..%2f..',
    '%',
    '%zz',
    '%E0%A4%A',
    '%00',
    '💥',
    'ＡＢＣ',
    'xn--',
    '2026-01-01T00:00:00Z',
    '9999999999999999999999',
  ),
  fc.integer().map(String),
  fc.double().map(String),
);

/** A raw query string: known and hostile keys, duplicates, values raw or encoded. */
function queryArb(keys: string[]) {
  const key = fc.oneof(keys.length ? fc.constantFrom(...keys) : fc.constant('x'), hostile, fc.string({ maxLength: 12 }));
  const pair = fc
    .tuple(key, nastyText, fc.boolean())
    .map(([k, v, raw]) => `${encodeURIComponent(k)}=${raw ? v.replace(/[&#\s]/g, '') : encodeURIComponent(v)}`);
  return fc.array(pair, { maxLength: 6 }).map((ps) => (ps.length ? `?${ps.join('&')}` : ''));
}

/** A JSON body (or not): valid-looking objects over the known keys, wrong types, `__proto__`, junk. */
function bodyArb(keys: string[]) {
  const value = fc.oneof(
    nastyText,
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom('pause', 'resume', 'retry', 'reset-backoff', 'all', ['pmta1'], 'viewer', 'viewer-demo'),
  );
  const obj = fc.dictionary(fc.oneof(keys.length ? fc.constantFrom(...keys) : fc.constant('x'), hostile), value, { maxKeys: 6 }).map((o) => JSON.stringify(o));
  return fc.oneof(
    obj,
    obj.map((t) => t.replace(/^\{/, '{"__proto__":{"polluted":1},')),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 50 }),
    fc.constantFrom('', '{', '{"a":1}{', '\uFEFF{}', 'null', '[]', `"${'x'.repeat(70_000)}"`, `{"reason":"${'é'.repeat(40_000)}"}`),
  );
}

const headerValue = fc.oneof(
  fc.stringMatching(/^[\x20-\x7e]{0,60}$/),
  fc.constantFrom('', 'null', 'http://evil.example', BASE, 'Bearer x', 'Bearer metrics-token-0123456789'),
);
const headerArb = fc.dictionary(
  fc.constantFrom(
    'origin',
    'referer',
    'x-forwarded-for',
    'x-forwarded-host',
    'x-forwarded-proto',
    'x-real-ip',
    'authorization',
    'content-type',
    'accept',
    'cookie',
    'x-csrf-token',
    'host',
  ),
  headerValue,
  { maxKeys: 4 },
);

const requestArb = (c: RouteContract) =>
  fc.record({
    // Every role, but the route's own role most often, so admin-only changes get past the guard too.
    role: fc.oneof(
      { weight: 1, arbitrary: fc.constantFrom('anonymous', 'viewer', 'operator', 'admin') },
      { weight: 1, arbitrary: fc.constant(c.role === 'public' ? 'viewer' : c.role) },
    ),
    csrf: fc.oneof({ weight: 1, arbitrary: fc.boolean() }, { weight: 2, arbitrary: fc.constant(true) }),
    query: queryArb(knownKeys(c.query)),
    segment: fc.oneof(nastyText, fc.constantFrom('gmail.com', 'GMAIL.COM', 'bücher.de', '%E4%BE%8B', '%', '%C0%AF', 'a/b', '..')),
    body: bodyArb(knownKeys(c.body)),
    headers: headerArb,
  });

let sims: SimFleet;
let runtime: Runtime;
const cfg = testAuthConfig({ metricsToken: 'metrics-token-0123456789' });
const ROLES_SIGNED_IN = new Set(['viewer', 'operator', 'admin']);
const protoKeys = Object.getOwnPropertyNames(Object.prototype).sort();

beforeAll(async () => {
  sims = await startSimFleet({ nodes: 2, tickMs: 0, seed: 7 });
  for (const n of sims.nodes) n.advance(300);
  runtime = installTestRuntime({
    nodes: sims.nodes.map((n) => ({ id: n.id, url: n.url, apiKey: n.apiKey })),
    config: { pollIntervalSeconds: 10 },
    authConfig: cfg,
  });
  await runtime.fleet.pollAll();
  runtime.start(); // pollers and the store probe run, as in a console (readiness checks them)
});

afterAll(async () => {
  await removeTestRuntime(runtime);
  await sims?.stop();
});

interface Generated {
  role: string;
  csrf: boolean;
  query: string;
  segment: string;
  body: string;
  headers: Record<string, string>;
}

async function buildRequest(c: RouteContract, r: Generated): Promise<Request | null> {
  const url = `${BASE}${c.path.replace(/\{\w+\}/g, 'x')}${r.query}`;
  const headers = new Headers({ host: '127.0.0.1:3000', origin: BASE });
  // A fresh session per request: the fuzzed sign-out and session-revoking routes end them.
  const s = ROLES_SIGNED_IN.has(r.role) ? await sessionFor(cfg, r.role) : undefined;
  if (s) headers.set('cookie', s.cookie);
  if (s && r.csrf) headers.set('x-csrf-token', s.csrfToken);
  if (c.method !== 'GET') headers.set('content-type', 'application/json');
  try {
    for (const [k, v] of Object.entries(r.headers)) headers.set(k, v);
    return new Request(url, { method: c.method, headers, body: c.method === 'GET' ? undefined : r.body });
  } catch {
    return null; // a URL or header no HTTP server would hand to Next
  }
}

async function healthy(): Promise<void> {
  const { GET } = (await import(routeFile('/api/health'))) as { GET: Handler };
  expect((await GET(new Request(`${BASE}/api/health`, { headers: { host: '127.0.0.1:3000' } }))).status).toBe(200);
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoKeys);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

describe('fuzzing every route of the contract registry', () => {
  for (const [key, contract] of Object.entries(routes) as [string, RouteContract][]) {
    it(`${key}: no 5xx, the JSON error shape, still healthy`, async () => {
      const mod = (await import(routeFile(contract.path))) as Record<string, Handler | undefined>;
      const handler = mod[contract.method];
      expect(handler, `${routeFile(contract.path)} exports ${contract.method}`).toBeTypeOf('function');
      const statuses = new Map<number, number>();
      const paramNames = [...contract.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      await fc.assert(
        fc.asyncProperty(requestArb(contract), async (r) => {
          const req = await buildRequest(contract, r);
          if (!req) return;
          const params = Object.fromEntries(paramNames.map((n) => [n, r.segment]));
          const res = await handler!(req, { params: Promise.resolve(params) });
          // An event stream (GET /api/events) never ends while it is read: cancel it (which
          // also unsubscribes it) instead.
          const stream = res.status === 200 && (res.headers.get('content-type') ?? '').startsWith('text/event-stream');
          const text = stream ? (await res.body?.cancel(), '') : await res.text();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          expect(res.status, `${key} ${req.url} → ${text.slice(0, 300)}`).toBeLessThan(500);
          if (res.status >= 400) {
            const body = errorBodySchema.parse(JSON.parse(text));
            expect(body.error.status).toBe(res.status);
          } else if (res.status === 200 && 'safeParse' in contract.response) {
            const parsed = (contract.response as z.ZodType).safeParse(JSON.parse(text));
            expect(parsed.success, `${key} answer in its schema: ${parsed.error?.message ?? ''}`).toBe(true);
          }
        }),
        { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 17), endOnFailure: true },
      );
      await healthy();
      // The generators reach past the guard (not only 401/403 answers), so validation and the
      // handlers themselves are fuzzed too.
      const pastGuard = [...statuses].filter(([s]) => s !== 401 && s !== 403).reduce((n, [, c]) => n + c, 0);
      if (process.env.FUZZ_STATS) console.log(key, Object.fromEntries(statuses));
      expect(pastGuard, `${key}: ${JSON.stringify(Object.fromEntries(statuses))}`).toBeGreaterThan(RUNS / 10);
    }, 120_000);
  }
});
