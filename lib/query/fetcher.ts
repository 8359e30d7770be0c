// The browser's one way to call the console's API: same-origin, JSON in and out, the CSRF
// token on every state-changing request, and every failure turned into an ApiClientError that
// carries the server's message (the `{ error: { code, message, status } }` shape). Paths and
// answers are typed from the route registry (lib/api/contracts/registry.ts, types only): a
// path that is not a JSON route, or a wrong body, does not compile.
import { CSRF_COOKIE, CSRF_HEADER } from '@/lib/auth/cookie-names';
import type { ApiBody, ApiResponse, HttpMethod, JsonMethodOf, JsonPath, PathParamNames } from '@/lib/api/contracts/registry';

export class ApiClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiClientError';
  }
}

export { CSRF_COOKIE, CSRF_HEADER };

function csrfToken(): string | null {
  if (typeof document === 'undefined') return null;
  // Over https the server names it `__Host-pmta_csrf` (see lib/auth/session.ts).
  const page = location.protocol === 'https:' ? `__Host-${CSRF_COOKIE}` : CSRF_COOKIE;
  const m = document.cookie.split('; ').find((c) => c.startsWith(`${page}=`));
  return m ? decodeURIComponent(m.slice(page.length + 1)) : null;
}

export type QueryParams = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, params?: QueryParams): string {
  if (!params) return path;
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') sp.set(k, String(v));
  const s = sp.toString();
  return s ? `${path}?${s}` : path;
}

/** `/api/domains/{domain}` + `{ domain: 'a b' }` → `/api/domains/a%20b`. */
export function fillPath(path: string, params?: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const v = params?.[name];
    if (v === undefined) throw new Error(`apiFetch: missing path parameter ${name} for ${path}`);
    return encodeURIComponent(v);
  });
}

type ParamsOption<P extends string> = [PathParamNames<P>] extends [never] ? { params?: undefined } : { params: Record<PathParamNames<P>, string> };
type BodyOption<M extends string, P extends string> = ApiBody<M, P> extends undefined ? { body?: undefined } : { body: ApiBody<M, P> };
type MethodOption<M extends string> = M extends 'GET' ? { method?: 'GET' } : { method: M };

export type ApiFetchOptions<P extends string, M extends string> = MethodOption<M> &
  ParamsOption<P> &
  BodyOption<M, P> & { query?: QueryParams; signal?: AbortSignal };

type DefaultMethod<P extends string> = 'GET' extends JsonMethodOf<P> ? 'GET' : JsonMethodOf<P>;
type OptionsArg<P extends string, M extends string> = object extends ApiFetchOptions<P, M> ? [opts?: ApiFetchOptions<P, M>] : [opts: ApiFetchOptions<P, M>];

/**
 * `apiFetch('/api/overview', { signal })` → the overview; `apiFetch('/api/domains/{domain}',
 * { params: { domain } })` (encoded here); `apiFetch('/api/actions', { method: 'POST', body })`.
 */
export async function apiFetch<P extends JsonPath<HttpMethod>, M extends JsonMethodOf<P> = DefaultMethod<P>>(
  path: P,
  ...[opts]: OptionsArg<P, M>
): Promise<ApiResponse<M, P>> {
  const o = (opts ?? {}) as { method?: HttpMethod; params?: Record<string, string>; body?: unknown; query?: QueryParams; signal?: AbortSignal };
  return request(fillPath(path, o.params), o) as Promise<ApiResponse<M, P>>;
}

async function request(path: string, opts: { method?: HttpMethod; query?: QueryParams; body?: unknown; signal?: AbortSignal }): Promise<unknown> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const token = csrfToken();
    if (token) headers[CSRF_HEADER] = token;
  }
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
      credentials: 'same-origin',
      // GETs revalidate: the polled fleet reads are kept by the browser (`private, no-cache`,
      // with an ETag) and asked for again with If-None-Match every time; a 304 hands back the
      // stored answer as a 200, so nothing here (and nothing in TanStack Query, which stays the
      // cache the UI reads) changes. Every other answer is `no-store` and so never stored.
      cache: method === 'GET' ? 'no-cache' : 'no-store',
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiClientError(0, 'network', 'The console server is not answering (network error).');
  }
  if (res.status === 401 && typeof window !== 'undefined' && !window.location.pathname.startsWith('/login')) {
    // The session expired: a full navigation (not a client transition) drops all cached
    // fleet data from memory before the login page shows.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    window.location.href = `/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`;
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // fall through: a non-JSON error page (proxy, crash) still becomes a readable error
  }
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    throw new ApiClientError(res.status, err?.code ?? 'http', err?.message ?? `HTTP ${res.status} ${res.statusText}`, err?.details);
  }
  return json;
}
