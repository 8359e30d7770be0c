// Minimal Cookie / Set-Cookie handling: Route handlers receive a plain Request, and the
// few attributes we need do not justify a dependency.

/** All values of cookie `name`, in header order (duplicates are possible, e.g. from a subdomain). */
export function readCookie(headers: Pick<Headers, 'get'>, name: string): string[] {
  const header = headers.get('cookie');
  if (!header) return [];
  const out: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    out.push(value);
  }
  return out;
}

export interface CookieOptions {
  httpOnly: boolean;
  secure: boolean;
  /** Seconds; 0 deletes the cookie; undefined = until the browser closes. */
  maxAge?: number;
}

export function serializeCookie(name: string, value: string, o: CookieOptions): string {
  if (!/^[A-Za-z0-9._~-]*$/.test(value)) throw new Error(`cookie ${name}: value must be URL-safe`);
  // SameSite=Lax, not Strict: Strict would drop the cookie when an operator follows a link to
  // the console from an alert e-mail or chat, bouncing a signed-in user to /login. Lax only
  // sends it cross-site on top-level GET navigations, which change nothing; every
  // state-changing request is also checked for Origin and a CSRF token (csrf.ts).
  const parts = [`${name}=${value}`, 'Path=/', 'SameSite=Lax'];
  if (o.maxAge !== undefined) parts.push(`Max-Age=${Math.max(0, Math.floor(o.maxAge))}`);
  if (o.maxAge !== undefined && o.maxAge <= 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  if (o.httpOnly) parts.push('HttpOnly');
  if (o.secure) parts.push('Secure');
  return parts.join('; ');
}
