// Bodies of a selection action (the queues page: several queues picked by hand, or "all N
// matching the filter"). Pure zod (browser-safe). Each queue name is checked again by the
// command builder (lib/pmta/commands.ts), which is the real whitelist.
import { z } from 'zod';

/** The queue verbs a selection can carry (one command per queue per node). */
export const selectionActionSchema = z.enum(['pause', 'resume', 'retry']);
export type SelectionAction = z.infer<typeof selectionActionSchema>;

/** Most queues one selection may touch: more is a filter too wide for one confirmation. */
export const MAX_SELECTED_QUEUES = 1000;

const nodeId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'a node id');

/** The queue list's filter, as /api/queues takes it (its `q`, `node`, `vmta`, `mode`, `paused`, `errors`). */
export const selectionFilterSchema = z
  .object({
    q: z.string().max(300).optional(),
    node: nodeId.optional(),
    vmta: z.string().min(1).max(200).optional(),
    mode: z.enum(['normal', 'backoff']).optional(),
    paused: z.boolean().optional(),
    errors: z.boolean().optional(),
  })
  .strict();
export type SelectionFilter = z.infer<typeof selectionFilterSchema>;

export const selectionSchema = z.union([
  z
    .object({
      /** Queues picked one by one: exact `domain/vmta` names on named nodes. */
      queues: z
        .array(z.object({ node: nodeId, queue: z.string().min(3).max(300) }).strict())
        .min(1)
        .max(MAX_SELECTED_QUEUES),
    })
    .strict(),
  z
    .object({
      /** Every queue matching the filter, resolved on the server against each node's latest snapshot. */
      filter: selectionFilterSchema,
    })
    .strict(),
]);
export type Selection = z.infer<typeof selectionSchema>;

export const selectionPreviewSchema = z.object({ action: selectionActionSchema, selection: selectionSchema }).strict();

export const selectionExecuteSchema = selectionPreviewSchema
  .extend({
    reason: z.string().trim().max(500).optional(),
    /** What the preview said to type (`pause 3 queues`): the server recounts and compares. */
    confirm: z.string().max(100).optional(),
  })
  .strict();
export type SelectionExecuteBody = z.infer<typeof selectionExecuteSchema>;
