// Response shapes of the audit log and the actions API (mirror lib/audit/types.ts and
// lib/actions/types.ts).
import { z } from 'zod';
import { actionSchema } from '@/lib/actions/request-schema';
import { toolActionSchema } from '@/lib/toolbox/request-schema';

/** Queue verbs and toolbox actions, as the audit log and the actions API answer them. */
const anyAction = z.union([actionSchema, toolActionSchema]);
import { maybe, num, str } from './shared';

const auditState = z.enum(['started', 'completed', 'partial', 'failed', 'incomplete']);

/** One node's share of an action preview (queue actions and toolbox actions alike). */
export const previewNodeSchema = z.object({
  node: str,
  name: str,
  available: z.boolean(),
  reason: maybe(str),
  down: maybe(z.object({ state: z.enum(['stale', 'down']), dataAgeSeconds: maybe(num), label: str })),
  excluded: z.boolean(),
  queues: z.array(z.object({ name: str, rcp: maybe(num), kb: maybe(num), paused: maybe(z.boolean()), mode: maybe(str) })),
  queueCount: num,
  rcp: num,
  kb: num,
  snapshotAt: maybe(num),
});

export const previewTotalSchema = z.object({ nodes: num, queues: num, rcp: num, kb: num });

export const auditNodeResultSchema = z.object({
  node: str,
  status: z.enum(['ok', 'failed', 'unavailable']),
  text: str,
  verification: maybe(
    z.object({
      status: z.enum(['verified', 'mismatch', 'sent', 'poll-failed', 'not-checked']),
      detail: str,
      matched: num,
      inState: num,
      offenders: z.array(str),
    }),
  ),
});

export const auditEntrySchema = z.object({
  id: num,
  at: num,
  user: str,
  clientAddress: str,
  action: z.union([anyAction, z.enum(['silence', 'unsilence', 'acknowledge', 'cancel-resume', 'revoke-sessions'])]),
  pattern: str,
  command: str,
  nodes: z.array(str),
  reason: maybe(str),
  resumeAt: maybe(num),
  state: auditState,
  results: z.array(auditNodeResultSchema),
  finishedAt: maybe(num),
});

export const auditListResponseSchema = z.object({ entries: z.array(auditEntrySchema), more: z.boolean() });

export const actionPreviewSchema = z.object({
  action: str,
  pattern: str,
  command: str,
  nodes: z.array(previewNodeSchema),
  total: previewTotalSchema,
  confirmRequired: z.boolean(),
});

export const actionResponseSchema = z.object({
  auditId: num,
  state: auditState,
  action: anyAction,
  pattern: str,
  command: str,
  results: z.array(auditNodeResultSchema),
  scheduledResume: maybe(z.object({ id: num, at: num })),
});

const scheduledResumeSchema = z.object({ id: num, auditId: num, pattern: str, nodes: z.array(str), resumeAt: num, scheduledBy: str });

export const scheduledResumesResponseSchema = z.object({ resumes: z.array(scheduledResumeSchema) });

export const cancelResumeResponseSchema = z.object({ auditId: num, cancelled: scheduledResumeSchema });
