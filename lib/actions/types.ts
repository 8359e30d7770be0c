// Request and response shapes of the actions API, shared by the server and the browser.
import type { QueueAction } from '@/lib/pmta/commands';
import type { AuditAction, AuditNodeResult, AuditState } from '@/lib/audit/types';
import type { ToolAction } from '@/lib/toolbox/request-schema';

export type { QueueAction };
/** Every action the console can run and audit: the queue verbs and the toolbox's. */
export type AnyAction = QueueAction | ToolAction;

export const ACTION_LABELS: Record<AnyAction, string> = {
  pause: 'Pause',
  resume: 'Resume',
  retry: 'Retry now',
  'reset-backoff': 'Reset backoff',
  'pause-job': 'Pause job',
  'resume-job': 'Resume job',
  'disable-source': 'Disable source',
  'enable-source': 'Enable source',
  delete: 'Delete',
  'retry-recipients': 'Retry now (with held recipients)',
};

/** A finished action, as the ledger (lib/ledger) is told of it, inside the audit transaction. */
export interface ExecutedAction {
  auditId: number;
  at: number;
  user: string;
  reason: string | null;
  action: AnyAction;
  /** Canonical `domain/vmta` (`*` + `/*` for a job). */
  pattern: string;
  job: string | null;
  ip: string | null;
  /** disable-source --reenable-after, in ms. */
  untilMs: number | null;
  /** Time-boxed pause: the automatic resume (ms). */
  resumeAt: number | null;
  /** Nodes that accepted the command. */
  okNodes: string[];
}
/** Labels of everything the audit log records (actions, alert silences, cancelled auto-resumes). */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  ...ACTION_LABELS,
  silence: 'Silence alert',
  unsilence: 'Unsilence alert',
  acknowledge: 'Acknowledge alert',
  'cancel-resume': 'Cancel auto-resume',
  'revoke-sessions': 'Revoke sessions',
};

interface PreviewQueue {
  name: string;
  rcp: number | null;
  kb: number | null;
  paused: boolean | null;
  mode: string | null;
}

export interface PreviewNode {
  node: string;
  name: string;
  /** False when the action cannot be sent to this node; `reason` says why. */
  available: boolean;
  reason: string | null;
  /** The console has no live data from this node (stale or down): how old its data is. */
  down: { state: 'stale' | 'down'; dataAgeSeconds: number | null; label: string } | null;
  /** Down and not explicitly included: nothing will be sent to it, its counts are not in the total. */
  excluded: boolean;
  /** Matching queues in the node's latest snapshot (largest first, at most 100 listed). */
  queues: PreviewQueue[];
  queueCount: number;
  rcp: number;
  kb: number;
  /** When the snapshot the numbers come from was taken (ms), null if never polled. */
  snapshotAt: number | null;
}

export interface ActionPreview {
  action: string;
  /** Canonical `domain/vmta`: what PowerMTA will be told, and what to type to confirm. */
  pattern: string;
  command: string;
  nodes: PreviewNode[];
  total: { nodes: number; queues: number; rcp: number; kb: number };
  /** Wildcard pattern or more than one node: the pattern must be typed to confirm. */
  confirmRequired: boolean;
}

export interface ActionResponse {
  auditId: number;
  state: AuditState;
  action: AnyAction;
  pattern: string;
  command: string;
  results: AuditNodeResult[];
  scheduledResume: { id: number; at: number } | null;
}

export interface ScheduledResume {
  id: number;
  auditId: number;
  pattern: string;
  nodes: string[];
  resumeAt: number;
  scheduledBy: string;
}

export interface ScheduledResumesResponse {
  resumes: ScheduledResume[];
}
