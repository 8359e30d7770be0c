import 'server-only';
// GET/DELETE /api/auth/sessions (admin): who is signed in, and ending a user's sessions — or
// one session — on every process at once (a lost laptop, a leaver, a shared password). Each
// revocation is audited as `revoke-sessions`; nothing is sent to PowerMTA.
import { DomainError } from '@/lib/domain-error';
import type { AuditLog } from '@/lib/audit/audit-log';
import { sessionHandle, type SessionInfo, type SessionRegistry } from './session-registry';

export interface SessionListing extends SessionInfo {
  /** The session making this request. */
  current: boolean;
}

export async function listSessions(sessions: SessionRegistry, currentSid: string | null): Promise<{ sessions: SessionListing[] }> {
  const mine = currentSid ? sessionHandle(currentSid) : null;
  return { sessions: (await sessions.list()).map((s) => ({ ...s, current: s.id === mine })) };
}

export async function revokeSessions(
  deps: { sessions: SessionRegistry; audit: AuditLog; now?: () => number },
  input: { user?: string; id?: string; by: string; clientAddress: string },
): Promise<{ revoked: number; auditId: number }> {
  if ((input.user === undefined) === (input.id === undefined)) throw new DomainError('bad_request', 'give exactly one of user or id');
  const at = (deps.now ?? Date.now)();
  let revoked: number;
  let target: string;
  if (input.id !== undefined) {
    const s = await deps.sessions.revokeHandle(input.id, input.by);
    if (!s) throw new DomainError('not_found', `no live session ${input.id}`);
    revoked = 1;
    target = `sessions:${input.id} (${s.username})`;
  } else {
    revoked = await deps.sessions.revokeUser(input.user!, input.by);
    target = `sessions:${input.user}`;
  }
  // Audited like the alert page's silences (pattern `sessions:…`, no nodes), also when
  // nothing was live: the admin's intent is on record.
  const auditId = await deps.audit.start({
    at,
    user: input.by,
    clientAddress: input.clientAddress,
    action: 'revoke-sessions',
    pattern: target.slice(0, 500),
    command: `(none: ${revoked} console session(s) ended; nothing is sent to PowerMTA)`,
    nodes: [],
    reason: null,
    resumeAt: null,
  });
  await deps.audit.finish(auditId, 'completed', [], at);
  return { revoked, auditId };
}
