// Request bodies of the toolbox actions on POST /api/actions (pure zod, browser-safe). The
// arguments are checked again, and for real, by the command builder (lib/pmta/tool-commands.ts).
import { z } from 'zod';
import { includeDownQuerySchema, includeDownSchema, nodesSchema } from '@/lib/actions/request-schema';

export const TOOL_ACTIONS = ['pause-job', 'resume-job', 'disable-source', 'enable-source', 'delete', 'retry-recipients'] as const;
export const toolActionSchema = z.enum(TOOL_ACTIONS);
export type ToolAction = z.infer<typeof toolActionSchema>;

const common = {
  nodes: nodesSchema,
  includeDown: includeDownSchema,
  reason: z.string().trim().max(500).optional(),
  /** The target typed by the operator (always for delete; for several nodes otherwise). */
  confirm: z.string().max(300).optional(),
};
const pattern = z.string().min(1).max(300);
const interval = z.string().min(1).max(24);

export const toolExecuteSchema = z.union([
  z.object({ action: z.enum(['pause-job', 'resume-job']), job: z.string().min(1).max(64), ...common }).strict(),
  z.object({ action: z.literal('disable-source'), ip: z.string().min(1).max(45), pattern, reenableAfter: interval.optional(), ...common }).strict(),
  z.object({ action: z.literal('enable-source'), ip: z.string().min(1).max(45), pattern, ...common }).strict(),
  z.object({ action: z.literal('delete'), pattern, olderThan: interval.optional(), dsn: z.boolean().optional(), ...common }).strict(),
  z.object({ action: z.literal('retry-recipients'), pattern, ...common }).strict(),
]);
export type ToolExecuteBody = z.infer<typeof toolExecuteSchema>;

/** GET /api/toolbox/preview: the same fields, as a query string. */
export const toolPreviewQuerySchema = z
  .object({
    action: toolActionSchema,
    job: z.string().min(1).max(64).optional(),
    ip: z.string().min(1).max(45).optional(),
    pattern: pattern.optional(),
    reenableAfter: interval.optional(),
    olderThan: interval.optional(),
    dsn: z.enum(['yes', 'no']).optional(),
    nodes: z
      .string()
      .regex(/^(all|[a-z0-9][a-z0-9_-]{0,62}(,[a-z0-9][a-z0-9_-]{0,62})*)$/, "'all' or comma-separated node ids")
      .default('all'),
    includeDown: includeDownQuerySchema,
  })
  .strict();
