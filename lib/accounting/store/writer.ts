import 'server-only';
// Commits one ingested slice of a file: its aggregate counts, recent diagnostics, malformed
// samples and the file's new resume point, all in ONE transaction. Whatever happens (crash,
// kill -9, power cut after the WAL sync), the store either has the slice and its offset, or
// neither, so a restart re-reads exactly the bytes that were not counted.
import type Database from 'better-sqlite3';
import { classifyDiagnostic, type AcctRecord, type RejectSample } from '@/lib/accounting';
import { SliceCounts, type CountedSlice } from '@/lib/accounting/slice-counts';
import type { Db } from '@/lib/store/db';
import type { AcctWriter } from './acct-writer';
import { ensureAccountingSchema } from './schema';

export { BUCKET_MS, HOUR_MS, SliceCounts, type CountedSlice } from '@/lib/accounting/slice-counts';

export interface FileProgress {
  offset: number;
  /** Header in effect at `offset` (canonical names), null before the header line. */
  header: readonly string[] | null;
  line: number;
  /** Length and hash of the file's first bytes, to notice a file replaced under the same name. */
  headLen: number;
  headHash: string | null;
}

/** Source id of the single-source config form (and of every progress row before sources existed). */
export const DEFAULT_SOURCE = 'default';

export interface IngestSlice {
  node: string;
  /** Source id (config `sources[].id`); progress is kept per node, source and file. */
  source?: string;
  file: string;
  /** Offset the slice starts at: the store must still be there (else another writer moved it). */
  fromOffset: number;
  progress: FileProgress;
  /**
   * The slice's records, or their counts gathered while reading (`writer.counts(node)`, or
   * counts a parse worker gathered, `countsFromData`).
   */
  records: readonly AcctRecord[] | CountedSlice;
  malformed: number;
  samples: RejectSample[];
}

/** One pushed webhook batch (no file, no offset): counted once per content hash. */
export interface IngestBatch {
  node: string;
  source: string;
  /** Idempotency key: the same batch re-posted after a lost reply has the same key. */
  hash: string;
  records: AcctRecord[];
  malformed: number;
  samples: RejectSample[];
  /** What the malformed samples name as their file. */
  label: string;
}

export interface WriterOptions {
  recentDiagnostics: number;
  malformedSamples: number;
}

/** Another process advanced this file's progress: our slice would count bytes twice. */
export class ProgressConflictError extends Error {
  constructor(node: string, file: string, expected: number, found: number) {
    super(`${node}/${file}: store is at offset ${found}, slice starts at ${expected} (another ingester on the same store?)`);
    this.name = 'ProgressConflictError';
  }
}

const COUNT_COLS = ['delivered', 'hard', 'soft', 'custom', 'unknown', 'transient', 'tq', 'rb', 'rs', 'received', 'fbl'] as const;

/** The SQLite writer: prepared statements on the local connection (the B11 hot path). */
export class AcctStoreWriter implements AcctWriter {
  private readonly ipVmta = new Map<string, Map<string, string>>();
  private readonly stmts;

  constructor(
    private readonly db: Db,
    private readonly opts: WriterOptions,
  ) {
    ensureAccountingSchema(db);
    const key = 'bucket, node, vmta, domain, job';
    this.stmts = {
      // Minute rows and their hourly rollup ('_h'), written together so they always agree.
      ...(Object.fromEntries(
        (['', '_h'] as const).flatMap((t) => [
          [
            `agg${t}`,
            db.prepare(
              `INSERT INTO acct_agg${t} (${key}, ${COUNT_COLS.join(', ')}) VALUES (${Array(5 + COUNT_COLS.length)
                .fill('?')
                .join(', ')})
               ON CONFLICT (${key}) DO UPDATE SET ${COUNT_COLS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`,
            ),
          ],
          [
            `cat${t}`,
            db.prepare(`INSERT INTO acct_cat${t} (${key}, kind, category, n) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n`),
          ],
          [
            `fbl${t}`,
            db.prepare(
              `INSERT INTO acct_fbl${t} (${key}, reported_domain, feedback_type, n) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n`,
            ),
          ],
        ]),
      ) as Record<'agg' | 'cat' | 'fbl' | 'agg_h' | 'cat_h' | 'fbl_h', Database.Statement>),
      diag: db.prepare(
        'INSERT INTO acct_diag (node, at, type, domain, vmta, job, category, signature, provider, label, status, diag) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      diagPrune: db.prepare('DELETE FROM acct_diag WHERE node = ? AND id <= (SELECT id FROM acct_diag WHERE node = ? ORDER BY id DESC LIMIT 1 OFFSET ?)'),
      progress: db.prepare(
        `INSERT INTO acct_progress (node, source, file, offset, header, line, head_len, head_hash, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (node, source, file) DO UPDATE SET offset = excluded.offset, header = excluded.header, line = excluded.line,
           head_len = excluded.head_len, head_hash = excluded.head_hash, updated_at = excluded.updated_at`,
      ),
      node: db.prepare(
        `INSERT INTO acct_node (node, records, malformed, last_record_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (node) DO UPDATE SET records = records + excluded.records, malformed = malformed + excluded.malformed,
           last_record_at = max(coalesce(last_record_at, 0), coalesce(excluded.last_record_at, 0)), updated_at = excluded.updated_at`,
      ),
      sample: db.prepare('INSERT INTO acct_malformed (node, file, line, offset, reason, text, at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      samplePrune: db.prepare(
        'DELETE FROM acct_malformed WHERE node = ? AND id <= (SELECT id FROM acct_malformed WHERE node = ? ORDER BY id DESC LIMIT 1 OFFSET ?)',
      ),
      ip: db.prepare('INSERT INTO acct_ip_vmta (node, ip, vmta) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET vmta = excluded.vmta'),
      ipLoad: db.prepare('SELECT ip, vmta FROM acct_ip_vmta WHERE node = ?'),
      offset: db.prepare('SELECT offset FROM acct_progress WHERE node = ? AND source = ? AND file = ?').pluck(),
      srcIp: db.prepare(
        `INSERT INTO acct_src_ip_h (bucket, node, ip, vmta, domain, delivered, hard, soft, custom, unknown, transient) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET delivered = delivered + excluded.delivered, hard = hard + excluded.hard, soft = soft + excluded.soft,
           custom = custom + excluded.custom, unknown = unknown + excluded.unknown, transient = transient + excluded.transient`,
      ),
      batchSeen: db.prepare('SELECT 1 FROM acct_webhook_batch WHERE node = ? AND source = ? AND hash = ?').pluck(),
      batchAdd: db.prepare('INSERT INTO acct_webhook_batch (node, source, hash, at, records) VALUES (?, ?, ?, ?, ?)'),
      started: db.prepare('SELECT started_at FROM acct_source WHERE node = ? AND source = ?').pluck(),
      start: db.prepare('INSERT INTO acct_source (node, source, started_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
    };
  }

  commit(slice: IngestSlice): void {
    const { node } = slice;
    const source = slice.source ?? DEFAULT_SOURCE;
    const p = slice.progress;
    const apply = this.prepareCounts(node, slice.records);
    const s = this.stmts;
    this.db.transaction(() => {
      const stored = (s.offset.get(node, source, slice.file) as number | undefined) ?? 0;
      if (stored !== slice.fromOffset) throw new ProgressConflictError(node, slice.file, slice.fromOffset, stored);
      const now = apply(slice.file, slice.malformed, slice.samples);
      s.progress.run(node, source, slice.file, p.offset, p.header ? JSON.stringify(p.header) : null, p.line, p.headLen, p.headHash, now);
    })();
  }

  /**
   * Counts a pushed batch unless a batch with the same key was counted before; the check and
   * the counts are one transaction, so a retry racing the original cannot count twice.
   */
  commitBatch(batch: IngestBatch): 'counted' | 'duplicate' {
    const s = this.stmts;
    const apply = this.prepareCounts(batch.node, batch.records);
    return this.db.transaction(() => {
      if (s.batchSeen.get(batch.node, batch.source, batch.hash)) return 'duplicate' as const;
      const now = apply(batch.label, batch.malformed, batch.samples);
      s.batchAdd.run(batch.node, batch.source, batch.hash, now, batch.records.length);
      return 'counted' as const;
    })();
  }

  /** Whether a source was started before (and when); `startAt: end` applies only the first time. */
  sourceStartedAt(node: string, source: string): number | null {
    return (this.stmts.started.get(node, source) as number | undefined) ?? null;
  }

  /** Marks a source started, together with the resume points it starts from (one transaction). */
  startSource(node: string, source: string, files: [string, FileProgress][]): void {
    const now = Date.now();
    this.db.transaction(() => {
      for (const [file, p] of files)
        this.stmts.progress.run(node, source, file, p.offset, p.header ? JSON.stringify(p.header) : null, p.line, p.headLen, p.headHash, now);
      this.stmts.start.run(node, source, now);
    })();
  }

  /**
   * Counts of a slice about to be read, for `commit({ records: counts })`: a reader adds its
   * records as it parses them (the records themselves are not kept), so a large slice costs
   * one transaction without holding its rows.
   */
  counts(node: string): SliceCounts {
    return new SliceCounts(node, this.ipsFor(node), this.opts.recentDiagnostics);
  }

  /**
   * Aggregates `records` outside the transaction; the returned function writes them (counts,
   * rollups, per-IP rows, diagnostics, samples, node counters) inside the caller's transaction.
   */
  private prepareCounts(node: string, records: readonly AcctRecord[] | CountedSlice): (file: string, malformed: number, samples: RejectSample[]) => number {
    let c: CountedSlice;
    if (!Array.isArray(records)) {
      c = records as CountedSlice;
      // Counts gathered elsewhere (a parse worker) learned IPs on their own copy of the map.
      if (!(c instanceof SliceCounts)) for (const [ip, vmta] of c.learned) this.ipsFor(node).set(ip, vmta);
    } else {
      const live = this.counts(node);
      live.add(records);
      c = live;
    }
    const rows = c.rows();
    const hours = c.hourRows();
    const s = this.stmts;

    return (file, malformed, samples) => {
      const now = Date.now();
      for (const [t, list] of [
        ['', rows],
        ['_h', hours],
      ] as const) {
        const [agg, cat, fbl] = [s[`agg${t}`], s[`cat${t}`], s[`fbl${t}`]];
        for (const r of list) {
          const k = [r.bucketStart, node, r.vmta, r.domain, r.jobId] as const;
          agg.run(
            ...k,
            r.delivered,
            r.bounces.hard,
            r.bounces.soft,
            r.bounces.custom,
            r.bounces.unknown,
            r.transient,
            r.transientQueue,
            r.remoteBounces,
            r.remoteStatus,
            r.received,
            r.fbl,
          );
          // The maps only have entries when their counter does (most rows are deliveries only):
          // no three empty entry lists per row.
          const b = r.bounces;
          if (b.hard + b.soft + b.custom + b.unknown > 0) for (const [c, n] of Object.entries(r.bouncesByCat)) cat.run(...k, 'b', c, n);
          if (r.remoteBounces > 0) for (const [c, n] of Object.entries(r.remoteBouncesByCat)) cat.run(...k, 'rb', c, n);
          if (r.fbl > 0) for (const [rep, byType] of Object.entries(r.fblBy)) for (const [ft, n] of Object.entries(byType)) fbl.run(...k, rep, ft, n);
        }
      }
      for (const r of c.sourceIpRows()) s.srcIp.run(r.bucket, node, r.ip, r.vmta, r.domain, r.delivered, r.hard, r.soft, r.custom, r.unknown, r.transient);
      const diags = c.diagnostics();
      for (const r of diags) {
        const sig = r.sig ?? classifyDiagnostic(r.dsnDiag ?? r.dsnStatus, r.domain ?? r.dsnMta);
        s.diag.run(
          node,
          r.timeLogged,
          r.type,
          r.domain ?? '',
          r.vmta ?? '',
          r.jobId ?? '',
          r.bounceCat ?? '',
          sig.signature,
          sig.provider,
          sig.label,
          r.dsnStatus,
          r.dsnDiag?.slice(0, 500) ?? null,
        );
      }
      if (diags.length > 0) s.diagPrune.run(node, node, this.opts.recentDiagnostics);
      for (const x of samples) s.sample.run(node, file, x.line, x.offset, x.reason, x.text, now);
      if (samples.length > 0) s.samplePrune.run(node, node, this.opts.malformedSamples);
      for (const [ip, vmta] of c.learned) s.ip.run(node, ip, vmta);
      s.node.run(node, c.records, malformed, c.lastAt, now);
      return now;
    };
  }

  /** Moves a file's resume point back to `p` (a truncated or replaced file is read again). */
  resetProgress(node: string, file: string, p: FileProgress, source = DEFAULT_SOURCE): void {
    this.stmts.progress.run(node, source, file, p.offset, p.header ? JSON.stringify(p.header) : null, p.line, p.headLen, p.headHash, Date.now());
  }

  loadProgress(node: string, source = DEFAULT_SOURCE): Map<string, FileProgress> {
    return loadProgress(this.db, node, source);
  }

  /** Diagnostics kept per node (a slice's counts keep only as many). */
  get keepDiagnostics(): number {
    return this.opts.recentDiagnostics;
  }

  /** The node's known IP → vMTA pairs, to seed the counts a parse worker gathers. */
  knownIps(node: string): [string, string][] {
    return [...this.ipsFor(node)];
  }

  private ipsFor(node: string): Map<string, string> {
    let m = this.ipVmta.get(node);
    if (!m) {
      m = new Map((this.stmts.ipLoad.all(node) as { ip: string; vmta: string }[]).map((r) => [r.ip, r.vmta]));
      this.ipVmta.set(node, m);
    }
    return m;
  }
}

/** Resume points of one node's files of one source. */
export function loadProgress(db: Db, node: string, source = DEFAULT_SOURCE): Map<string, FileProgress> {
  ensureAccountingSchema(db);
  const rows = db.prepare('SELECT file, offset, header, line, head_len, head_hash FROM acct_progress WHERE node = ? AND source = ?').all(node, source) as {
    file: string;
    offset: number;
    header: string | null;
    line: number;
    head_len: number;
    head_hash: string | null;
  }[];
  return new Map(
    rows.map((r) => [
      r.file,
      { offset: r.offset, header: r.header ? (JSON.parse(r.header) as string[]) : null, line: r.line, headLen: r.head_len, headHash: r.head_hash },
    ]),
  );
}
