// Shapes of the audit log, shared by the server and the browser (types only).
import type { QueueAction } from '@/lib/pmta/commands';
import type { ToolAction } from '@/lib/toolbox/request-schema';

/**
 * `started`: written before anything was sent; `completed`: every targeted node accepted it;
 * `partial`: some nodes did, some did not; `failed`: none did; `incomplete`: the console
 * stopped (crash, restart) between sending and recording the outcome.
 */
/**
 * Queue actions, the toolbox's, the alert page's silences and acknowledgements (lib/alerts),
 * `cancel-resume`: an operator dropped a pending automatic resume, and `revoke-sessions`: an
 * admin ended console sessions (nothing is sent to PowerMTA for either).
 */
export type AuditAction = QueueAction | ToolAction | AlertAuditAction | 'cancel-resume' | 'revoke-sessions';
export type AlertAuditAction = 'silence' | 'unsilence' | 'acknowledge';

export type AuditState = 'started' | 'completed' | 'partial' | 'failed' | 'incomplete';

type VerificationStatus =
  /** Re-polled: every matched queue is in the state the action asked for. */
  | 'verified'
  /** Re-polled: some matched queues are not (e.g. a queue re-entered backoff). */
  | 'mismatch'
  /** Accepted by PowerMTA, but the effect cannot be seen in a poll (retry now). */
  | 'sent'
  /** The re-poll failed, so the state could not be checked. */
  | 'poll-failed'
  /** Nothing to check: the command was not sent or was refused. */
  | 'not-checked';

export interface Verification {
  status: VerificationStatus;
  /** What was checked and what was found, for a person. */
  detail: string;
  /** Queues matching the pattern in the re-polled snapshot. */
  matched: number;
  /** Of those, how many are in the wanted state. */
  inState: number;
  /** Names of (up to 20) queues not in the wanted state. */
  offenders: string[];
}

export interface AuditNodeResult {
  node: string;
  /** `unavailable`: never sent (no API key, PowerMTA 4.x); `failed`: refused or unreachable. */
  status: 'ok' | 'failed' | 'unavailable';
  /** PowerMTA's reply text, or why the command was not sent / did not arrive. */
  text: string;
  verification: Verification | null;
}

/** What is recorded before anything is sent (the row that a crash leaves `incomplete`). */

export interface AuditStart {
  /** ms since the epoch, when the action was requested. */
  at: number;
  user: string;
  clientAddress: string;
  action: AuditAction;
  /** Canonical `domain/vmta`. */
  pattern: string;
  /** The exact command text sent to PowerMTA. */
  command: string;
  nodes: string[];
  reason: string | null;
  /** Time-boxed pause: when the automatic resume is due (ms), else null. */
  resumeAt: number | null;
}

export interface AuditEntry extends AuditStart {
  id: number;
  state: AuditState;
  results: AuditNodeResult[];
  finishedAt: number | null;
}

export interface AuditListResponse {
  entries: AuditEntry[];
  /** True when more entries match than `limit`. */
  more: boolean;
}

/** A point on a chart: an operator action that can touch the charted domain. */
export interface AuditAnnotation {
  at: number;
  user: string;
  action: string;
  pattern: string;
  nodes: string[];
}
