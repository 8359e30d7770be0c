// `cluster`: several console replicas on one PostgreSQL database (README "Several replicas").
// Off (the default): this console polls every node and runs every task itself. On: poll and
// task leases in the store share the work, and a replica serves the nodes it does not poll
// from their owner over the internal channel (GET /api/internal/nodes/{id}/snapshot,
// lib/cluster/), open only to a caller presenting the shared secret from the environment
// variable named here (never written in the file), and only from a loopback or private address.
import { z } from 'zod';

export const DEFAULT_INTERNAL_SECRET_ENV = 'PMTA_CONSOLE_INTERNAL_SECRET';

/** Shortest internal secret accepted: with a shorter one (or none) the channel stays closed. */
export const MIN_INTERNAL_SECRET_CHARS = 32;

export const clusterSchema = z
  .object({
    /** Share the work through leases in the store (needs `store.kind: postgres` to mean anything). */
    enabled: z.boolean().default(false),
    /** This replica's id in the leases and the UI; default hostname-pid-random (new per start). */
    replicaId: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,100}$/, 'letters, digits and . _ : - (at most 100)')
      .optional(),
    /** Between heartbeats, which renew the leases; default a quarter of the poll interval. A replica unseen for two is dead; its leases lapse one poll interval and two heartbeats after its last renewal. */
    heartbeatSeconds: z.number().min(0.1).max(60).optional(),
    /** This replica's base URL for the others (the internal channel; shown with its id). */
    internalUrl: z.url().optional(),
    /** Name of the environment variable holding the replicas' shared secret (≥ 32 characters). */
    internalSecretEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')
      .default(DEFAULT_INTERNAL_SECRET_ENV),
  })
  .strict()
  .default({ enabled: false, internalSecretEnv: DEFAULT_INTERNAL_SECRET_ENV });

export type ClusterConfig = z.infer<typeof clusterSchema>;

/** The shared secret, or null (channel closed) when the variable is unset or too short. */
export function internalSecret(c: ClusterConfig, env: Record<string, string | undefined> = process.env): string | null {
  const v = env[c.internalSecretEnv];
  return v !== undefined && v.length >= MIN_INTERNAL_SECRET_CHARS ? v : null;
}
