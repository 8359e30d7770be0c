// `cluster`: how console replicas that share one store talk to each other. The internal
// channel (GET /api/internal/nodes/{id}/snapshot, lib/cluster/) serves a node's live
// snapshot to the replica that does not poll it; it is open only to a caller presenting the
// shared secret from the environment variable named here (never written in the file), and
// only from a loopback or private address (README "Several replicas").
import { z } from 'zod';

export const DEFAULT_INTERNAL_SECRET_ENV = 'PMTA_CONSOLE_INTERNAL_SECRET';

/** Shortest internal secret accepted: with a shorter one (or none) the channel stays closed. */
export const MIN_INTERNAL_SECRET_CHARS = 32;

export const clusterSchema = z
  .object({
    /** Name of the environment variable holding the replicas' shared secret (≥ 32 characters). */
    internalSecretEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')
      .default(DEFAULT_INTERNAL_SECRET_ENV),
  })
  .strict()
  .default({ internalSecretEnv: DEFAULT_INTERNAL_SECRET_ENV });

export type ClusterConfig = z.infer<typeof clusterSchema>;

/** The shared secret, or null (channel closed) when the variable is unset or too short. */
export function internalSecret(c: ClusterConfig, env: Record<string, string | undefined> = process.env): string | null {
  const v = env[c.internalSecretEnv];
  return v !== undefined && v.length >= MIN_INTERNAL_SECRET_CHARS ? v : null;
}
