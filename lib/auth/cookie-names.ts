// Cookie and header names of the session and CSRF token, shared by the server (lib/auth), the
// OpenAPI document and the browser's fetch wrapper (lib/query/fetcher.ts). Pure and
// dependency-free so the browser bundle stays small.

/** httpOnly session cookie (lib/auth/session.ts). */
export const SESSION_COOKIE = 'pmta_session';

/** Readable by scripts (not httpOnly): the fetch wrapper copies it into CSRF_HEADER. */
export const CSRF_COOKIE = 'pmta_csrf';
/** Sent on every state-changing request; bound to the session (lib/auth/csrf.ts). */
export const CSRF_HEADER = 'x-csrf-token';
