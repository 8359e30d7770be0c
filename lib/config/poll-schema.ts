// The `poll:` section (fleet-wide) and `nodes[].poll` (per node): how a node's queue list is
// asked for. The honest default is the full list every interval; the adaptive mode (issue 16,
// README "Performance / B8") asks every interval only for the queues that matter most — in
// backoff, paused, and the top N by recipients — and for the full list every `fullEvery`-th
// interval, merging the partial lists into the last table (lib/queue-store/queue-merge.ts).
import { z } from 'zod';

export const ADAPTIVE_DEFAULTS = { enabled: false, fullEvery: 6, topN: 1000 };

const fullEvery = z.number().int().min(2).max(360);
const topN = z.number().int().min(1).max(100_000);

/** Fleet-wide: every key has its default. */
export const pollSchema = z
  .object({
    adaptive: z
      .object({
        enabled: z.boolean().default(ADAPTIVE_DEFAULTS.enabled),
        /** The full list at least every this many intervals (the others are partial). */
        fullEvery: fullEvery.default(ADAPTIVE_DEFAULTS.fullEvery),
        /** Queues with the most recipients fetched every interval (`sort=rcpt`, maxitems). */
        topN: topN.default(ADAPTIVE_DEFAULTS.topN),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

/** Per node: only the keys that differ from the fleet-wide `poll:`. */
export const nodePollSchema = z
  .object({
    adaptive: z.object({ enabled: z.boolean().optional(), fullEvery: fullEvery.optional(), topN: topN.optional() }).strict().optional(),
  })
  .strict()
  .optional();

export type AdaptivePollConfig = z.infer<typeof pollSchema>['adaptive'];

/** A node's adaptive settings: its own keys over the fleet-wide ones. */
export function adaptiveFor(fleet: z.infer<typeof pollSchema>, node: z.infer<typeof nodePollSchema>): AdaptivePollConfig {
  const own = node?.adaptive ?? {};
  return {
    enabled: own.enabled ?? fleet.adaptive.enabled,
    fullEvery: own.fullEvery ?? fleet.adaptive.fullEvery,
    topN: own.topN ?? fleet.adaptive.topN,
  };
}
