// `cluster`: several console replicas on one PostgreSQL database (README "Several replicas").
// Off (the default): this console polls every node and runs every task itself.
import { z } from 'zod';

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
    /** This replica's address for the others (shown with its id; not used for requests yet). */
    internalUrl: z.url().optional(),
  })
  .strict()
  .default({ enabled: false });
