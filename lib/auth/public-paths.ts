// Paths proxy.ts lets through without a session. Everything else needs one.
// /api/metrics is here only so its bearer token can reach the guard, which still requires
// a session or the token; /api/auth/logout so an expired session can still clear cookies.
const PUBLIC = new Set(['/login', '/api/auth/login', '/api/auth/logout', '/api/health', '/api/health/ready', '/api/metrics']);

export function isPublicPath(pathname: string): boolean {
  const p = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  return PUBLIC.has(p);
}
