// The `accounting` section: where each node's accounting CSV files come from, and the
// deliverability thresholds the bounces page flags. Nodes not listed are not ingested: reading
// /getFile needs a monitor-level access without `deny-logs`, so HTTP ingestion is opt-in.
import { z } from 'zod';

const nodeAccounting = z
  .object({
    /** `dir`: a local or mounted directory; `http`: the node's own /logs + /getFile; `off`. */
    source: z.enum(['dir', 'http', 'off']),
    dir: z.string().min(1).optional(),
    /** File-name glob (`*` and `?`) of accounting files; default PowerMTA's dated names. */
    pattern: z.string().min(1).default('acct-*.csv'),
    pollSeconds: z.number().min(0.05).max(3600).default(10),
    /**
     * How long a file that is no longer the newest must stay unchanged before a last line
     * without a newline is taken as complete (a crash can leave one behind).
     */
    settleSeconds: z.number().min(0).max(86_400).default(60),
  })
  .strict()
  .superRefine((n, ctx) => {
    if (n.source === 'dir' && !n.dir) ctx.addIssue({ code: 'custom', path: ['dir'], message: 'required when source is "dir"' });
  });

const thresholds = z
  .object({
    /** Complaints / delivered, in percent; above it a domain or vMTA is flagged. */
    complaintRatePct: z.number().min(0).max(100).default(0.1),
    /** (Bounces + remote bounces) / (delivered + bounces), in percent. */
    bounceRatePct: z.number().min(0).max(100).default(5),
    /** Rates over fewer deliveries than this are shown but never flagged (too noisy). */
    minDelivered: z.number().int().min(0).default(100),
  })
  .strict();

export const accountingSchema = z
  .object({
    /** Per node id. */
    nodes: z.record(z.string(), nodeAccounting).default({}),
    thresholds: thresholds.default({ complaintRatePct: 0.1, bounceRatePct: 5, minDelivered: 100 }),
    /** Recent bounce diagnostics kept per node (the rest are only counted). */
    recentDiagnostics: z.number().int().min(10).max(100_000).default(1000),
    /** Malformed-line samples kept per node. */
    malformedSamples: z.number().int().min(0).max(1000).default(50),
    /** One-minute aggregates are kept this long; hourly rollups (what long ranges read) longer. */
    minuteRetentionDays: z.number().min(1).max(3650).default(14),
    hourRetentionDays: z.number().min(1).max(36500).default(400),
  })
  .strict()
  .default({
    nodes: {},
    thresholds: { complaintRatePct: 0.1, bounceRatePct: 5, minDelivered: 100 },
    recentDiagnostics: 1000,
    malformedSamples: 50,
    minuteRetentionDays: 14,
    hourRetentionDays: 400,
  });

export type AccountingConfig = z.infer<typeof accountingSchema>;

/** Every `accounting.nodes` key must name a configured node (a typo would silently ingest nothing). */
export function checkAccountingNodes(cfg: { nodes: { id: string }[]; accounting: AccountingConfig }, ctx: z.RefinementCtx): void {
  const ids = new Set(cfg.nodes.map((n) => n.id));
  for (const id of Object.keys(cfg.accounting.nodes)) {
    if (!ids.has(id)) ctx.addIssue({ code: 'custom', path: ['accounting', 'nodes', id], message: `no node with id "${id}"` });
  }
}
