// Response shapes of the toolbox's routes (mirror lib/ledger/types.ts, lib/toolbox/reads.ts,
// lib/toolbox/preview.ts). Pure zod.
import { z } from 'zod';
import { maybe, num, str } from './shared';
import { previewNodeSchema, previewTotalSchema } from './actions';

const nodes = z.array(str);

export const ledgerResponseSchema = z.object({
  intents: z.array(
    z.object({
      id: num,
      node: str,
      kind: z.enum(['queue-paused', 'job-paused', 'source-disabled']),
      target: str,
      ip: maybe(str),
      setBy: str,
      reason: maybe(str),
      auditId: num,
      setAt: num,
      until: maybe(num),
      startupTime: maybe(str),
      drift: maybe(z.object({ since: num, detail: str, cause: str, restartSuspected: z.boolean() })),
      checkedAt: maybe(num),
      restore: z.union([
        z.object({ action: z.enum(['pause', 'resume']), pattern: str, nodes }),
        z.object({ action: z.literal('pause-job'), job: str, nodes }),
        z.object({ action: z.literal('disable-source'), ip: str, pattern: str, nodes }),
      ]),
    }),
  ),
  drifting: num,
});

export const jobsResponseSchema = z.object({
  jobs: z.array(
    z.object({
      id: str,
      rcp: num,
      kb: num,
      nodes: z.array(z.object({ node: str, rcp: maybe(num), kb: maybe(num), paused: maybe(z.boolean()) })),
      pausedOn: nodes,
    }),
  ),
  failed: z.array(z.object({ node: str, error: str })),
});

export const queueSettingsResponseSchema = z.object({
  node: str,
  queue: str,
  fetchedAt: num,
  localThrottle: maybe(str),
  rows: z.array(z.object({ section: str, name: str, value: str })),
  notes: z.array(str),
});

export const licensesResponseSchema = z.object({
  licenses: z.array(z.object({ node: str, text: str, error: maybe(str), fetchedAt: num, expires: maybe(str), daysLeft: maybe(num), warning: z.boolean() })),
});

export const toolPreviewSchema = z.object({
  action: str,
  command: str,
  /** What must be typed to confirm, or null when no typed confirmation is needed. */
  confirmText: maybe(str),
  adminOnly: z.boolean(),
  nodes: z.array(previewNodeSchema),
  total: previewTotalSchema,
});
