import 'server-only';
import { z } from 'zod';
import { ApiError } from './errors';
import { guardRequest } from '@/lib/auth/guard';
import type { Principal } from '@/lib/auth/authenticate';
import type { AuthUser, Role } from '@/lib/auth/roles';

export type { Role, AuthUser };
export type RouteRole = Role | 'public';

export interface RouteContext<Q, B, R extends RouteRole = Role> {
  req: Request;
  query: Q;
  body: B;
  params: Record<string, string>;
  /** The caller (role from the current config); null only on public routes. */
  user: R extends 'public' ? null : AuthUser;
  /** How the caller proved who they are, and the CSRF token bound to it. */
  auth: { principal: Principal | null; csrfToken: string | null };
  /** Client address for the audit log (the real client behind a trusted proxy). */
  clientAddress: string;
}

interface RouteOptions<Q extends z.ZodType, B extends z.ZodType, R extends RouteRole> {
  /** Query-string schema; every parameter arrives as a string. */
  query?: Q;
  /** JSON body schema (state-changing routes). */
  body?: B;
  /** Least role allowed to call the route, or 'public' (login, health). */
  role: R;
  /** Also accept `Authorization: Bearer <auth.metricsToken>` (for /api/metrics). */
  allowMetricsToken?: boolean;
}

/** "queue: expected …" — names the parameter so the caller can fix the request. */
export function describeZodError(err: z.ZodError, prefix = ''): string {
  return err.issues
    .map((i) => `${prefix}${i.path.length ? i.path.join('.') : '(value)'}: ${i.message}`)
    .join('; ');
}

function queryObject(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of url.searchParams) out[k] = v;
  return out;
}

/**
 * Wraps a route handler with the project's one way of doing the boundary: authenticate and
 * authorise (lib/auth/guard.ts: 401/403/csrf), validate the query
 * and body with zod (400 naming the parameter), turn every thrown error into the one JSON
 * error shape, and never let a response be cached.
 */
export function apiRoute<Q extends z.ZodType = z.ZodUnknown, B extends z.ZodType = z.ZodUnknown, R extends RouteRole = Role>(
  opts: RouteOptions<Q, B, R>,
  handler: (ctx: RouteContext<z.infer<Q>, z.infer<B>, R>) => Promise<unknown> | unknown,
) {
  return async (req: Request, route?: { params?: Promise<Record<string, string | string[]>> }): Promise<Response> => {
    const headers = { 'cache-control': 'no-store' };
    try {
      // Authentication, role and CSRF come first: an anonymous caller learns nothing, not
      // even which parameters a route validates.
      const guard = guardRequest(req, { role: opts.role, allowMetricsToken: opts.allowMetricsToken });
      const rawParams = (await route?.params) ?? {};
      const params = Object.fromEntries(Object.entries(rawParams).map(([k, v]) => [k, Array.isArray(v) ? v.join('/') : v]));
      let query: unknown = undefined;
      if (opts.query) {
        const parsed = opts.query.safeParse(queryObject(new URL(req.url)));
        if (!parsed.success) throw new ApiError('bad_request', describeZodError(parsed.error), { issues: parsed.error.issues.map((i) => ({ path: i.path, message: i.message })) });
        query = parsed.data;
      }
      let body: unknown = undefined;
      if (opts.body) {
        let json: unknown;
        try {
          json = await req.json();
        } catch {
          throw new ApiError('bad_request', 'body: expected a JSON object');
        }
        const parsed = opts.body.safeParse(json);
        if (!parsed.success) throw new ApiError('bad_request', describeZodError(parsed.error, 'body.'));
        body = parsed.data;
      }
      const result = await handler({
        req,
        query: query as z.infer<Q>,
        body: body as z.infer<B>,
        params,
        user: guard.user as RouteContext<z.infer<Q>, z.infer<B>, R>['user'],
        auth: { principal: guard.principal, csrfToken: guard.csrfToken },
        clientAddress: guard.client.address,
      });
      if (result instanceof Response) {
        result.headers.set('cache-control', 'no-store');
        return result;
      }
      return Response.json(result, { headers });
    } catch (e) {
      if (e instanceof ApiError) return e.toResponse(headers);
      console.error(`[api] ${req.method} ${new URL(req.url).pathname} failed:`, e);
      return new ApiError('internal', 'internal error; see the server log').toResponse(headers);
    }
  };
}
