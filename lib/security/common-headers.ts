// Security headers every response gets besides the Content-Security-Policy: set by proxy.ts
// on pages and API answers, and by next.config.ts on the static files the proxy skips.
// No imports: next.config.ts loads this file too.
export const COMMON_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};
