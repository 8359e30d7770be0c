// What GET /api/events can announce (pure: shared by the server's feed and the browser's
// subscriber, lib/query/change-feed.ts). Each kind names a set of query keys (lib/query/keys.ts).
import { z } from 'zod';

export const CHANGE_KINDS = ['fleet', 'history', 'alerts', 'audit', 'status'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const changeEventSchema = z.object({ kind: z.enum(CHANGE_KINDS), version: z.string().max(200) }).strict();
export type ChangeEvent = z.infer<typeof changeEventSchema>;

/** SSE event name of every change (`event: change`); heartbeats are comments. */
export const CHANGE_EVENT = 'change';
