// Readiness and the console's own status (store health). Pure zod.
import { z } from 'zod';

export const readyChecksSchema = z.object({
  /** The store takes writes (history, audit, actions depend on it). */
  store: z.boolean(),
  /** Every migration this version needs is applied (false also while the store is down). */
  migrations: z.boolean(),
  /** The configuration was loaded and validated (always true in a console that answers). */
  config: z.boolean(),
  /** The runtime started: every node's poller is running. */
  pollers: z.boolean(),
  /** Leases held or released: the last heartbeat reached the store, or every lease has lapsed (always true for one console). */
  leases: z.boolean(),
});

export const readyResponseSchema = z.object({ ready: z.literal(true), checks: readyChecksSchema });

export const statusResponseSchema = z.object({
  store: z.object({
    ok: z.boolean(),
    /** Why not (e.g. "SQLITE_FULL: database or disk is full"); null when ok. */
    error: z.string().nullable(),
    /** Since when (ISO time, UTC). */
    since: z.string(),
  }),
});
