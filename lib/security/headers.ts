// Security headers of every response, set by proxy.ts (pages and API) with a fresh nonce per
// request. Next 16 reads the nonce from the request's Content-Security-Policy header and puts
// it on its own inline scripts (Next docs, "Content Security Policy": nonces via proxy), which
// needs dynamic rendering: the root layout reads the request headers, so every page is.
//   script-src: our own files, Next's scripts by nonce ('strict-dynamic' lets them load the
//               chunks they need), the theme snippet by hash; no other inline script.
//   style-src:  'unsafe-inline' stays: React and Recharts write style attributes, which a
//               nonce cannot cover; styles cannot run code.
//   frame-ancestors 'none': no framing (clickjacking); X-Frame-Options for old browsers.
// Pure apart from node:crypto; no `server-only` so the proxy test can import it directly.
import { createHash, randomBytes } from 'node:crypto';
import { THEME_SCRIPT } from '@/lib/theme-script';
import { COMMON_SECURITY_HEADERS } from './common-headers';

export const THEME_SCRIPT_HASH = `'sha256-${createHash('sha256').update(THEME_SCRIPT).digest('base64')}'`;

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/** The policy of an HTML page. Development adds 'unsafe-eval' (React's dev tooling needs it). */
export function pageCsp(nonce: string, dev = process.env.NODE_ENV !== 'production'): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic' ${THEME_SCRIPT_HASH}${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** JSON and CSV answers are never rendered as documents: nothing may load or frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

export function setSecurityHeaders(headers: Headers, csp: string): void {
  headers.set('content-security-policy', csp);
  for (const [k, v] of Object.entries(COMMON_SECURITY_HEADERS)) headers.set(k, v);
}
