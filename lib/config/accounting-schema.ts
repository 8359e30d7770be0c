// The `accounting` section: where each node's accounting CSV files come from, and the
// deliverability thresholds the bounces page flags. Nodes not listed are not ingested: reading
// /getFile needs a monitor-level access without `deny-logs`, so HTTP ingestion is opt-in.
import { z } from 'zod';

/** Stable id of a source: its stored progress is keyed by it, so renaming it re-reads files. */
const sourceId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, _ . - (max 64)');

const chunkBytes = z
  .number()
  .int()
  .min(64 * 1024)
  .max(64 << 20);
const maxBytesPerPoll = z
  .number()
  .int()
  .min(64 * 1024)
  .max(4 * 1024 ** 3);

/** Settings every file-following source shares (dir and http). */
const followed = {
  /** File-name glob (`*` and `?`) of this source's files; default PowerMTA's dated names. */
  pattern: z.string().min(1).default('acct-*.csv'),
  pollSeconds: z.number().min(0.05).max(3600).default(10),
  /**
   * How long a file that is no longer the newest must stay unchanged before a last line
   * without a newline is taken as complete (a crash can leave one behind).
   */
  settleSeconds: z.number().min(0).max(86_400).default(60),
  /**
   * Where a source with no stored progress starts: `beginning` reads every listed file from
   * byte 0; `end` counts only what is written after the first start (a day's file of a busy
   * node is gigabytes, guide §3.3.11.3 `move-interval` default 1d).
   */
  startAt: z.enum(['beginning', 'end']).default('beginning'),
  /** Bytes per read (one HTTP `Range: bytes=S-E` request); must fit the node client's maxBytes. */
  chunkBytes: chunkBytes.default(4 << 20),
  /** Bytes read per poll at most; a longer backlog is read in further polls right away. */
  maxBytesPerPoll: maxBytesPerPoll.default(256 << 20),
};

const fileSource = z.discriminatedUnion('kind', [
  z.object({ id: sourceId, kind: z.literal('dir'), dir: z.string().min(1), ...followed }).strict(),
  z.object({ id: sourceId, kind: z.literal('http'), ...followed }).strict(),
  z
    .object({
      id: sourceId,
      kind: z.literal('webhook'),
      /**
       * Shared secret PowerMTA presents (in the URL path or an `Authorization` header added with
       * `http-webhook-extra-headers`, guide 5.0r5 §3.3.11.18). Use `${ENV_VAR}` interpolation.
       */
      secret: z.string().min(16).max(256),
      /** Largest accepted request body (after gzip decoding); keep the acct-file's max-size below. */
      maxBodyBytes: z
        .number()
        .int()
        .min(64 * 1024)
        .max(1 << 30)
        .default(64 << 20),
    })
    .strict(),
]);

const nodeAccounting = z
  .object({
    /**
     * The single-source form (kept for existing configs; its stored progress has the id
     * `default`). `dir`: a local or mounted directory; `http`: the node's own /logs + /getFile;
     * `off`. Optional when `sources` lists the node's sources.
     */
    source: z.enum(['dir', 'http', 'off']).optional(),
    dir: z.string().min(1).optional(),
    pattern: followed.pattern,
    pollSeconds: followed.pollSeconds,
    settleSeconds: followed.settleSeconds,
    startAt: z.enum(['beginning', 'end']).optional(),
    chunkBytes: chunkBytes.optional(),
    maxBytesPerPoll: maxBytesPerPoll.optional(),
    /** Several sources per node (e.g. `acct-bd-*.csv` and `acct-t-*.csv`, guide §11.3.1), each followed on its own. */
    sources: z.array(fileSource).max(16).optional(),
  })
  .strict()
  .superRefine((n, ctx) => {
    if (n.source === 'dir' && !n.dir) ctx.addIssue({ code: 'custom', path: ['dir'], message: 'required when source is "dir"' });
    const ids = new Set<string>(n.source && n.source !== 'off' ? [LEGACY_SOURCE_ID] : []);
    for (const [i, s] of (n.sources ?? []).entries()) {
      if (ids.has(s.id)) ctx.addIssue({ code: 'custom', path: ['sources', i, 'id'], message: `duplicate source id "${s.id}"` });
      ids.add(s.id);
    }
    if ((n.sources ?? []).filter((s) => s.kind === 'webhook').length > 1) {
      ctx.addIssue({ code: 'custom', path: ['sources'], message: 'at most one webhook source per node (its URL names the node)' });
    }
  });

/** Id of the single-source form's progress (what every store before `sources` existed used). */
export const LEGACY_SOURCE_ID = 'default';

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
export type NodeAccountingConfig = z.infer<typeof nodeAccounting>;
export type AcctSourceConfig = z.infer<typeof fileSource>;
export type FollowedSourceConfig = Extract<AcctSourceConfig, { kind: 'dir' | 'http' }>;
export type WebhookSourceConfig = Extract<AcctSourceConfig, { kind: 'webhook' }>;

/** A node's sources: the single-source form (id `default`) first, then `sources`. */
export function nodeSources(c: NodeAccountingConfig | undefined): AcctSourceConfig[] {
  if (!c) return [];
  const out: AcctSourceConfig[] = [];
  if (c.source === 'dir' || c.source === 'http') {
    const common = {
      id: LEGACY_SOURCE_ID,
      pattern: c.pattern,
      pollSeconds: c.pollSeconds,
      settleSeconds: c.settleSeconds,
      startAt: c.startAt ?? 'beginning',
      chunkBytes: c.chunkBytes ?? 4 << 20,
      maxBytesPerPoll: c.maxBytesPerPoll ?? 256 << 20,
    } as const;
    out.push(c.source === 'dir' ? { ...common, kind: 'dir', dir: c.dir as string } : { ...common, kind: 'http' });
  }
  return [...out, ...(c.sources ?? [])];
}

/** Every `accounting.nodes` key must name a configured node (a typo would silently ingest nothing). */
export function checkAccountingNodes(cfg: { nodes: { id: string }[]; accounting: AccountingConfig }, ctx: z.RefinementCtx): void {
  const ids = new Set(cfg.nodes.map((n) => n.id));
  for (const id of Object.keys(cfg.accounting.nodes)) {
    if (!ids.has(id)) ctx.addIssue({ code: 'custom', path: ['accounting', 'nodes', id], message: `no node with id "${id}"` });
  }
}
