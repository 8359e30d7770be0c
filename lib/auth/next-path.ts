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
  // The checks above ran on the raw text; normalisation can still produce a scheme-relative
  // path (`/.//evil` → `//evil`), and a server or proxy that decodes `%2F`/`%5C` once more
  // would see one in `/%2F/evil`. Whatever we send back must not start with two slashes in
  // either form.
  if (offSite(url.pathname)) return fallback;
  // Never bounce back to the login page itself.
  return url.pathname === '/login' ? fallback : path;
}

function offSite(pathname: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return true; // a broken escape is no page of ours
  }
  if (/^[/\\][/\\]/.test(pathname) || /[\u0000-\u001f\u007f]/.test(decoded)) return true;
  // Decoded and normalised once more, as a lenient server or proxy might (`/.%2F/x` → `//x`).
  const again = decoded.replace(/\\/g, '/').replace(/^\/\s+/, '/');
  let url: URL;
  try {
    url = new URL(again, BASE);
  } catch {
    return true;
  }
  return url.origin !== BASE || again.startsWith('//') || url.pathname.startsWith('//');
}

/** The login page URL that returns to `path` afterwards. */
export function loginPath(path: string): string {
  const next = safeNextPath(path, '');
  return next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login';
}
