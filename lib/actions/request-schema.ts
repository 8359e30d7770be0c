// The actions API's request bodies. Pure zod (browser-safe); the pattern is checked again by
// the command builder, which is the real whitelist.
import { z } from 'zod';

export const actionSchema = z.enum(['pause', 'resume', 'retry', 'reset-backoff']);

const nodeId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'a node id');
/** `all` or a list of node ids (shared with the toolbox's bodies, lib/toolbox/request-schema.ts). */
export const nodesSchema = z.union([z.literal('all'), z.array(nodeId).min(1).max(500)]);
/** Stale or down nodes to send to anyway; any other down node is left out (queue and toolbox actions). */
export const includeDownSchema = z.array(nodeId).max(500).optional();
/** The same as a query string (the previews): comma-separated node ids. */
export const includeDownQuerySchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}(,[a-z0-9][a-z0-9_-]{0,62})*$/, 'comma-separated node ids')
  .optional();

const targetSchema = z
  .object({
    action: actionSchema,
    pattern: z.string().min(1).max(300),
    nodes: nodesSchema,
    includeDown: includeDownSchema,
  })
  .strict();

export { MAX_PAUSE_MS } from './limits';

export const executeSchema = targetSchema
  .extend({
    reason: z.string().trim().max(500).optional(),
    /** Pause only: resume automatically at this ISO time. */
    resumeAt: z.iso.datetime({ offset: true }).optional(),
    /** The pattern, typed by the operator (wildcard and multi-node actions). */
    confirm: z.string().max(300).optional(),
  })
  .strict();
