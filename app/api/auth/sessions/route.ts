// GET /api/auth/sessions (admin) – the live console sessions; DELETE ?user= | ?id= (admin;
// CSRF + same-origin) – end them on every process at once, audited as `revoke-sessions`.
import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { listSessions, revokeSessions } from '@/lib/auth/session-admin';
import { getRuntime } from '@/lib/runtime/current';

export const GET = apiRoute(routes['GET /api/auth/sessions'], ({ auth }) =>
  listSessions(getRuntime().auth.sessions, auth.principal?.via === 'session' ? auth.principal.sid : null),
);

export const DELETE = apiRoute(routes['DELETE /api/auth/sessions'], ({ query, user, clientAddress }) => {
  const rt = getRuntime();
  return revokeSessions({ sessions: rt.auth.sessions, audit: rt.audit }, { user: query.user, id: query.id, by: user.username, clientAddress });
});
