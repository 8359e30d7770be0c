import 'server-only';
// Commits one ingested slice of a file: its aggregate counts, recent diagnostics, malformed
// samples and the file's new resume point, all in ONE transaction. Whatever happens (crash,
// kill -9, power cut after the WAL sync), the store either has the slice and its offset, or
// neither, so a restart re-reads exactly the bytes that were not counted.
import type Database from 'better-sqlite3';
import { createAggregator, classifyDiagnostic, mergeCounts, type AcctRecord, type AggRow, type RejectSample } from '@/lib/accounting';
import type { Db } from '@/lib/store/db';
import { ensureAccountingSchema } from './schema';

export const BUCKET_MS = 60_000;
export const HOUR_MS = 3_600_000;

/** Minute rows merged into hour rows (same key otherwise). */
function hourly(rows: AggRow[]): AggRow[] {
  const out = new Map<string, AggRow>();
  for (const r of rows) {
    const bucketStart = Math.floor(r.bucketStart / HOUR_MS) * HOUR_MS;
    const key = `${bucketStart}\u0000${r.vmta}\u0000${r.domain}\u0000${r.jobId}`;
    const prev = out.get(key);
    out.set(key, prev ? { ...prev, ...mergeCounts(prev, r) } : { ...r, bucketStart });
  }
  return [...out.values()];
}

export interface FileProgress {
  offset: number;
  /** Header in effect at `offset` (canonical names), null before the header line. */
  header: readonly string[] | null;
  line: number;
  /** Length and hash of the file's first bytes, to notice a file replaced under the same name. */
  headLen: number;
  headHash: string | null;
}

export interface IngestSlice {
  node: string;
  file: string;
  /** Offset the slice starts at: the store must still be there (else another writer moved it). */
  fromOffset: number;
  progress: FileProgress;
  records: AcctRecord[];
  malformed: number;
  samples: RejectSample[];
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

export class AcctStoreWriter {
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
      ...Object.fromEntries(
        (['', '_h'] as const).flatMap((t) => [
          [
            `agg${t}`,
            db.prepare(
              `INSERT INTO acct_agg${t} (${key}, ${COUNT_COLS.join(', ')}) VALUES (${Array(5 + COUNT_COLS.length).fill('?').join(', ')})
               ON CONFLICT (${key}) DO UPDATE SET ${COUNT_COLS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`,
            ),
          ],
          [`cat${t}`, db.prepare(`INSERT INTO acct_cat${t} (${key}, kind, category, n) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n`)],
          [`fbl${t}`, db.prepare(`INSERT INTO acct_fbl${t} (${key}, reported_domain, feedback_type, n) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n`)],
        ]),
      ) as Record<'agg' | 'cat' | 'fbl' | 'agg_h' | 'cat_h' | 'fbl_h', Database.Statement>,
      diag: db.prepare('INSERT INTO acct_diag (node, at, type, domain, vmta, job, category, signature, provider, label, status, diag) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      diagPrune: db.prepare('DELETE FROM acct_diag WHERE node = ? AND id <= (SELECT id FROM acct_diag WHERE node = ? ORDER BY id DESC LIMIT 1 OFFSET ?)'),
      progress: db.prepare(
        `INSERT INTO acct_progress (node, file, offset, header, line, head_len, head_hash, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (node, file) DO UPDATE SET offset = excluded.offset, header = excluded.header, line = excluded.line,
           head_len = excluded.head_len, head_hash = excluded.head_hash, updated_at = excluded.updated_at`,
      ),
      node: db.prepare(
        `INSERT INTO acct_node (node, records, malformed, last_record_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (node) DO UPDATE SET records = records + excluded.records, malformed = malformed + excluded.malformed,
           last_record_at = max(coalesce(last_record_at, 0), coalesce(excluded.last_record_at, 0)), updated_at = excluded.updated_at`,
      ),
      sample: db.prepare('INSERT INTO acct_malformed (node, file, line, offset, reason, text, at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      samplePrune: db.prepare('DELETE FROM acct_malformed WHERE node = ? AND id <= (SELECT id FROM acct_malformed WHERE node = ? ORDER BY id DESC LIMIT 1 OFFSET ?)'),
      ip: db.prepare('INSERT INTO acct_ip_vmta (node, ip, vmta) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET vmta = excluded.vmta'),
      ipLoad: db.prepare('SELECT ip, vmta FROM acct_ip_vmta WHERE node = ?'),
      offset: db.prepare('SELECT offset FROM acct_progress WHERE node = ? AND file = ?').pluck(),
    };
  }

  commit(slice: IngestSlice): void {
    const now = Date.now();
    const { node } = slice;
    const ips = this.ipsFor(node);
    const learned: [string, string][] = [];
    let lastAt: number | null = null;
    for (const r of slice.records) {
      if (lastAt === null || r.timeLogged > lastAt) lastAt = r.timeLogged;
      if (r.vmta && r.dlvSourceIp && (r.type === 'd' || r.type === 'b') && ips.get(r.dlvSourceIp) !== r.vmta) {
        ips.set(r.dlvSourceIp, r.vmta);
        learned.push([r.dlvSourceIp, r.vmta]);
      } else if (!r.vmta && r.type === 'f' && r.dlvSourceIp) {
        // FBL reports carry the sending IP, not the vMTA; map it back through what deliveries
        // from that IP said, so complaint rates per vMTA work.
        r.vmta = ips.get(r.dlvSourceIp) ?? null;
      }
    }
    const agg = createAggregator({ bucketMs: BUCKET_MS, node });
    agg.addAll(slice.records);
    const rows = agg.rows();
    const s = this.stmts;
    const p = slice.progress;

    this.db.transaction(() => {
      const stored = (s.offset.get(node, slice.file) as number | undefined) ?? 0;
      if (stored !== slice.fromOffset) throw new ProgressConflictError(node, slice.file, slice.fromOffset, stored);
      for (const [t, list] of [['', rows], ['_h', hourly(rows)]] as const) {
        const [agg, cat, fbl] = [s[`agg${t}`], s[`cat${t}`], s[`fbl${t}`]];
        for (const r of list) {
          const k = [r.bucketStart, node, r.vmta, r.domain, r.jobId] as const;
          agg.run(...k, r.delivered, r.bounces.hard, r.bounces.soft, r.bounces.custom, r.bounces.unknown, r.transient, r.transientQueue, r.remoteBounces, r.remoteStatus, r.received, r.fbl);
          for (const [c, n] of Object.entries(r.bouncesByCat)) cat.run(...k, 'b', c, n);
          for (const [c, n] of Object.entries(r.remoteBouncesByCat)) cat.run(...k, 'rb', c, n);
          for (const [rep, byType] of Object.entries(r.fblBy)) for (const [ft, n] of Object.entries(byType)) fbl.run(...k, rep, ft, n);
        }
      }
      let diags = 0;
      for (const r of slice.records) {
        if (r.type !== 'b' && r.type !== 'rb') continue;
        const sig = classifyDiagnostic(r.dsnDiag ?? r.dsnStatus, r.domain ?? r.dsnMta);
        s.diag.run(node, r.timeLogged, r.type, r.domain ?? '', r.vmta ?? '', r.jobId ?? '', r.bounceCat ?? '', sig.signature, sig.provider, sig.label, r.dsnStatus, r.dsnDiag?.slice(0, 500) ?? null);
        diags++;
      }
      if (diags > 0) s.diagPrune.run(node, node, this.opts.recentDiagnostics);
      for (const x of slice.samples) s.sample.run(node, slice.file, x.line, x.offset, x.reason, x.text, now);
      if (slice.samples.length > 0) s.samplePrune.run(node, node, this.opts.malformedSamples);
      for (const [ip, vmta] of learned) s.ip.run(node, ip, vmta);
      s.progress.run(node, slice.file, p.offset, p.header ? JSON.stringify(p.header) : null, p.line, p.headLen, p.headHash, now);
      s.node.run(node, slice.records.length, slice.malformed, lastAt, now);
    })();
  }

  /** Moves a file's resume point back to `p` (a truncated or replaced file is read again). */
  resetProgress(node: string, file: string, p: FileProgress): void {
    this.stmts.progress.run(node, file, p.offset, p.header ? JSON.stringify(p.header) : null, p.line, p.headLen, p.headHash, Date.now());
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

/** Resume points of one node's files. */
export function loadProgress(db: Db, node: string): Map<string, FileProgress> {
  ensureAccountingSchema(db);
  const rows = db.prepare('SELECT file, offset, header, line, head_len, head_hash FROM acct_progress WHERE node = ?').all(node) as {
    file: string; offset: number; header: string | null; line: number; head_len: number; head_hash: string | null;
  }[];
  return new Map(rows.map((r) => [r.file, { offset: r.offset, header: r.header ? (JSON.parse(r.header) as string[]) : null, line: r.line, headLen: r.head_len, headHash: r.head_hash }]));
}
