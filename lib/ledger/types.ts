// Shapes of the action ledger, shared by the server and the browser (types only).

export type IntentKind = 'queue-paused' | 'job-paused' | 'source-disabled';

export interface Drift {
  /** When the live state was first seen to differ (ms). */
  since: number;
  /** What differs, for a person. */
  detail: string;
  /** The likely cause: a PowerMTA restart (startupTime changed) or a change outside the console. */
  cause: string;
  restartSuspected: boolean;
}

/** The body to preview (and then send) to put the intended state back. */
export type RestoreBody =
  | { action: 'pause'; pattern: string; nodes: string[] }
  /** A time-boxed pause whose automatic resume did not happen: restoring means resuming. */
  | { action: 'resume'; pattern: string; nodes: string[] }
  | { action: 'pause-job'; job: string; nodes: string[] }
  | { action: 'disable-source'; ip: string; pattern: string; nodes: string[] };

export interface Intent {
  id: number;
  node: string;
  kind: IntentKind;
  /** `domain/vmta` (queue, source) or the job id. */
  target: string;
  ip: string | null;
  setBy: string;
  reason: string | null;
  /** The audit entry that set it. */
  auditId: number;
  setAt: number;
  /** Time-boxed pause end or source re-enable time (ms), null when open-ended. */
  until: number | null;
  /** The node's startupTime when it was set (a change means PowerMTA restarted). */
  startupTime: string | null;
  drift: Drift | null;
  checkedAt: number | null;
  restore: RestoreBody;
}

export interface LedgerResponse {
  intents: Intent[];
  drifting: number;
}
