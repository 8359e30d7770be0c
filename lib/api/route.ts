import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ApiError, apiErrorFrom } from './errors';
import type { JsonResponse } from './json-response';
import { decodePathSegment } from './params';
import type { RouteContract } from './contracts/registry';
import { guardRequest } from '@/lib/auth/guard';
import { currentRuntime } from '@/lib/runtime/current';
import { isStoreError } from '@/lib/store/health';
import { serverLog } from '@/lib/log/logger';
import { readBounded } from '@/lib/read-bounded';
import type { Principal } from '@/lib/auth/authenticate';
import type { AuthUser, Role } from '@/lib/auth/roles';

export type { Role, AuthUser };
export type RouteRole = Role | 'public';

export interface RouteContext<Q, B, P, R extends RouteRole = Role> {
  req: Request;
  query: Q;
  body: B;
  /** Path parameters, percent-decoded and validated by the contract's `params` schema. */
  params: P;
  /** The caller (role from the current config); null only on public routes. */
  user: R extends 'public' ? null : AuthUser;
  /** How the caller proved who they are, and the CSRF token bound to it. */
  auth: { principal: Principal | null; csrfToken: string | null };
  /** Client address for the audit log (the real client behind a trusted proxy). */
  clientAddress: string;
  /**
   * The request's clock, read before its parameters are validated: relative times (`now-7d`)
   * resolve at or after it, so a handler that compares them with `now` (retention tiers) never
   * sees a range that starts a few milliseconds before "7 days ago".
   */
  now: number;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/**
 * What a handler may return: the JSON value its contract's response schema describes (or a
 * JsonResponse of it, when it must set cookies); routes that answer CSV or text return the
 * Response they built. A wrong shape is a compile error.
 */
export type HandlerResult<S> = S extends z.ZodType ? z.output<S> | JsonResponse<z.output<S>> : Response;

export type ContextOf<C extends RouteContract> = RouteContext<
  Parsed<C['query']>,
  Parsed<C['body']>,
  C['params'] extends z.ZodType ? z.output<C['params']> : Record<string, never>,
  C['role']
>;

/** "queue: expected …" — names the parameter so the caller can fix the request. */
export function describeZodError(err: z.ZodError, prefix = ''): string {
  return err.issues.map((i) => `${prefix}${i.path.length ? i.path.join('.') : '(value)'}: ${i.message}`).join('; ');
}

/**
 * The query string as an object for zod. Keys come from the caller: a null prototype keeps
 * `__proto__` or `constructor` plain keys (the strict schemas then refuse them), and a key
 * given twice is refused rather than silently taking one of its values.
 */
function queryObject(url: URL): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [k, v] of url.searchParams) {
    if (Object.hasOwn(out, k)) throw new ApiError('bad_request', `${k}: given more than once`);
    out[k] = v;
  }
  return out;
}

/** Largest request body any route accepts; checked before parsing, so a huge body costs nothing. */
export const MAX_BODY_BYTES = 64 * 1024;

/** The body as text, read with a limit (lib/read-bounded.ts): over it is a 413 in the one error shape. */
async function readBodyText(req: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const bytes = await readBounded(req, limit);
  if (!bytes) throw new ApiError('too_large', `body: larger than ${limit} bytes`);
  return bytes.toString('utf8');
}

function parseOrThrow(schema: z.ZodType, value: unknown, prefix: string): unknown {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new ApiError('bad_request', describeZodError(parsed.error, prefix), {
      issues: parsed.error.issues.map((i) => ({ path: i.path, message: i.message })),
    });
  return parsed.data;
}

/** Path parameters as text; a malformed escape is the caller's mistake (400), not a URIError (500). */
async function pathParams(route: { params?: Promise<Record<string, string | string[]>> } | undefined): Promise<Record<string, string>> {
  const raw = (await route?.params) ?? {};
  const out: Record<string, string> = Object.create(null);
  for (const [k, v] of Object.entries(raw)) {
    const text = decodePathSegment(Array.isArray(v) ? v.join('/') : v);
    if (text === null) throw new ApiError('bad_request', `${k}: malformed percent-encoding`);
    out[k] = text;
  }
  return out;
}

/**
 * The ETag of a `revalidate: 'fleet'` or `'history'` answer: the route, the request's path and
 * query, the caller's role and the revision of what it reads — the fleet's, and for history
 * also the steps the fleet's recording queue has run (a poll's history rows are written by
 * those steps, after the snapshot changed). Weak (`W/`): an unchanged revision means the same
 * data, though `generatedAt` (or a relative range's `from`/`to`) would differ by when it was asked.
 */
function revisionEtag(contract: RouteContract, req: Request, role: string, now: number): string | null {
  const fleet = currentRuntime()?.fleet;
  if (!fleet) return null;
  const revision = contract.revalidate === 'history' ? `${fleet.revision(now)}\u0001${fleet.recordedSteps}` : fleet.revision(now);
  const url = new URL(req.url);
  const h = createHash('sha1').update(`${contract.method} ${contract.path}\u0000${url.pathname}${url.search}\u0000${role}\u0000${revision}`);
  return `W/"${h.digest('base64url')}"`;
}

/** Whether an If-None-Match header names `etag` (weak comparison, RFC 9110 §13.1.2). */
export function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => {
    const x = t.trim();
    return x === '*' || x.replace(/^W\//, '') === bare;
  });
}

/**
 * Wraps a route handler with the project's one way of doing the boundary, driven by the
 * route's contract (lib/api/contracts/registry.ts): authenticate and authorise
 * (lib/auth/guard.ts: 401/403/csrf), validate path parameters, query and body with zod (400
 * naming the parameter), turn every thrown error into the one JSON error shape, and never let
 * a response be cached — except that the polled fleet reads (`revalidate: 'fleet'`) may be
 * kept by the browser and revalidated: `private, no-cache` and an ETag, answered `304 Not
 * Modified` while the fleet's revision is unchanged, so a thousand open pages cost a header
 * comparison each between two polls instead of a read model and its JSON; a page asking
 * without the tag (or with an older one) gets the body kept for the tag (runtime.responses),
 * computed and serialised once per revision (`'history'`, the chart series, likewise with
 * the history writes in the revision). `revalidate: 'content'` routes (store status, alerts:
 * no revision to ask first) take the tag from the answer's bytes instead.
 */
export function apiRoute<const C extends RouteContract>(
  contract: C,
  handler: (ctx: ContextOf<C>) => HandlerResult<C['response']> | Promise<HandlerResult<C['response']>>,
) {
  const serve = async (req: Request, route?: { params?: Promise<Record<string, string | string[]>> }): Promise<Response> => {
    const started = performance.now();
    const reqId = requestId(req);
    let user: string | null = null;
    const res = await answer(req, route, (u) => (user = u), reqId);
    res.headers.set('x-request-id', reqId);
    // One line per request: who, which route, how it ended, how long (never headers or bodies).
    serverLog().info({ reqId, method: req.method, route: contract.path, user, status: res.status, ms: Math.round(performance.now() - started) }, 'request');
    return res;
  };
  return Object.assign(serve, { pushedRenderer });

  /**
   * How to render a viewer's answer to GET `url` as JSON bytes, for the change feed's pushed
   * answers (lib/events/view-pusher.ts), or null when `url` is no valid pushed read. In-process
   * and without a session — the stream that asked was authenticated when it opened — so only
   * the polled reads any viewer may see (`pushable`). Each render validates the query again (a
   * relative range like `now-1h` resolves then) and goes through the same handler and
   * per-revision cache as a request, so a push and the requests around it share one render.
   */
  function pushedRenderer(url: URL): (() => Promise<Uint8Array<ArrayBuffer>>) | null {
    if (!pushable(contract) || url.pathname !== contract.path) return null;
    const parse = () => (contract.query ? parseOrThrow(contract.query, queryObject(url), '') : undefined);
    try {
      parse();
    } catch {
      return null;
    }
    return async () => {
      const now = Date.now();
      const query = parse();
      const req = new Request(url);
      const runtime = currentRuntime();
      const etag = contract.revalidate === 'content' ? null : revisionEtag(contract, req, FEED_USER.role, now);
      const kept = etag ? runtime?.responses.get(etag) : undefined;
      if (kept) return kept;
      const ctx = { req, query, body: undefined, params: {}, user: FEED_USER, auth: { principal: null, csrfToken: null }, clientAddress: 'change-feed', now };
      const result: unknown = await handler(ctx as ContextOf<C>);
      if (result instanceof Response) throw new Error(`${contract.path}: a pushed read must answer JSON`);
      const bytes = new TextEncoder().encode(JSON.stringify(result));
      if (etag) runtime?.responses.set(etag, bytes);
      return bytes;
    };
  }

  async function answer(
    req: Request,
    route: { params?: Promise<Record<string, string | string[]>> } | undefined,
    setUser: (u: string) => void,
    reqId: string,
  ): Promise<Response> {
    const headers: Record<string, string> = { 'cache-control': 'no-store' };
    try {
      // Authentication, role and CSRF come first: an anonymous caller learns nothing, not
      // even which parameters a route validates.
      const now = Date.now();
      const guard = await guardRequest(req, { role: contract.role, allowMetricsToken: contract.metricsToken === true, ownSecret: contract.ownSecret === true });
      if (guard.user) setUser(guard.user.username);
      const rawParams = await pathParams(route);
      const params = contract.params ? parseOrThrow(contract.params, rawParams, '') : rawParams;
      const query = contract.query ? parseOrThrow(contract.query, queryObject(new URL(req.url)), '') : undefined;
      let body: unknown = undefined;
      if (contract.body) {
        const text = await readBodyText(req);
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          throw new ApiError('bad_request', 'body: expected a JSON object');
        }
        body = parseOrThrow(contract.body, json, 'body.');
      }
      // After the guard and the validation: a 304 tells nothing to a caller who may not ask.
      const runtime = currentRuntime();
      const ifNoneMatch = req.headers.get('if-none-match');
      const byRevision = contract.revalidate === 'fleet' || contract.revalidate === 'history';
      const etag = byRevision && guard.user ? revisionEtag(contract, req, guard.user.role, now) : null;
      if (etag) {
        const revalidated = { 'cache-control': 'private, no-cache', etag };
        if (matches(ifNoneMatch, etag)) return new Response(null, { status: 304, headers: revalidated });
        // The tag names route, query, role and revision: a body kept under it is this answer.
        const kept = runtime?.responses.get(etag);
        if (kept) return jsonBytes(kept, revalidated);
        Object.assign(headers, revalidated);
      }
      const ctx = {
        req,
        query,
        body,
        params,
        user: guard.user,
        auth: { principal: guard.principal, csrfToken: guard.csrfToken },
        clientAddress: guard.client.address,
        now,
      } as ContextOf<C>;
      const result: unknown = await handler(ctx);
      if (result instanceof Response) {
        result.headers.set('cache-control', 'no-store');
        return result;
      }
      if (!contract.revalidate) return Response.json(result, { headers });
      const bytes = new TextEncoder().encode(JSON.stringify(result));
      if (etag) runtime?.responses.set(etag, bytes);
      else if (contract.revalidate === 'content') {
        // No revision to ask before the work: the tag is the answer's own digest, so an unchanged
        // answer still costs its computation but neither the wire nor the browser's parse.
        const tag = `W/"${createHash('sha1').update(bytes).digest('base64url')}"`;
        const revalidated = { 'cache-control': 'private, no-cache', etag: tag };
        if (matches(ifNoneMatch, tag)) return new Response(null, { status: 304, headers: revalidated });
        Object.assign(headers, revalidated);
      }
      return jsonBytes(bytes, headers);
    } catch (e) {
      // An error is never kept, whatever the route.
      const headers = { 'cache-control': 'no-store' };
      const known = apiErrorFrom(e);
      if (known) return known.toResponse(headers);
      if (isStoreError(e)) {
        // Disk full, file unwritable…: the store's readers (history, audit, bounces) answer
        // 503 until the runtime's probe sees it recover; live fleet data does not need it.
        currentRuntime()?.storeHealth.failed(e);
        return new ApiError(
          'unavailable',
          `the store is unavailable (${e.code ?? e.message}); history, audit and actions are unavailable until it recovers`,
        ).toResponse(headers);
      }
      serverLog().error({ reqId, method: req.method, route: contract.path, err: e }, 'request failed');
      return new ApiError('internal', 'internal error; see the server log').toResponse(headers);
    }
  }
}

/** Who a pushed answer is rendered for: the least role, so every subscriber may see it. */
const FEED_USER: AuthUser = { username: '(change feed)', role: 'viewer' };

/** Whether GET answers of `contract` may be pushed over the change feed: polled reads any viewer may ask, no path parameters. */
export function pushable(contract: RouteContract): boolean {
  return contract.method === 'GET' && contract.revalidate !== undefined && contract.role === 'viewer' && contract.params === undefined;
}

/** A JSON answer from bytes already serialised (kept, or hashed for a content ETag). */
function jsonBytes(body: Uint8Array<ArrayBuffer>, headers: Record<string, string>): Response {
  return new Response(body, { headers: { ...headers, 'content-type': 'application/json' } });
}

/** A caller's (e.g. a reverse proxy's) request id when it is a plain token, else a new one. */
function requestId(req: Request): string {
  const given = req.headers.get('x-request-id');
  return given && /^[A-Za-z0-9._:-]{1,64}$/.test(given) ? given : randomUUID();
}
