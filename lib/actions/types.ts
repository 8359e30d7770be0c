// Request and response shapes of the actions API, shared by the server and the browser.
import type { QueueAction } from '@/lib/pmta/commands';
import type { AuditNodeResult, AuditState } from '@/lib/audit/types';

export type { QueueAction };

export const ACTION_LABELS: Record<QueueAction, string> = {
  pause: 'Pause',
  resume: 'Resume',
  retry: 'Retry now',
  'reset-backoff': 'Reset backoff',
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
  action: QueueAction;
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
