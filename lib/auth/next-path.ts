// Where to send a user after signing in. Only same-site relative paths are accepted, so a
// crafted link like /login?next=https://evil.example (or //evil.example, /\evil.example)
// cannot turn the login page into an open redirect. Pure: used by proxy.ts and the browser.

const BASE = 'http://console.invalid';

export function safeNextPath(raw: string | null | undefined, fallback = '/'): string {
  if (!raw || raw.length > 2048 || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return fallback;
  // Browsers strip tabs/newlines from URLs and treat "\" as "/", so "/\t/evil" would become
  // "//evil"; refuse any control character or backslash outright.
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return fallback;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Never bounce back to the login page itself.
  return url.pathname === '/login' ? fallback : path;
}

/** The login page URL that returns to `path` afterwards. */
export function loginPath(path: string): string {
  const next = safeNextPath(path, '');
  return next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login';
}
