import 'server-only';
// The accounting write side on PostgreSQL. Same contract as the SQLite writer (./writer.ts): a
// slice's aggregate counts, rollups, per-IP rows, diagnostics, samples, node counters and the
// file's new resume point commit in ONE transaction, and a resume point that moved since the
// slice was read (another writer) aborts it with ProgressConflictError — so ingestion stays
// exactly-once across crashes and replicas. Each table gets ONE statement per slice: the rows
// travel as arrays and are unnested server-side (`INSERT … SELECT … FROM unnest(…) GROUP BY key
// ON CONFLICT DO UPDATE`), so a slice costs a dozen round trips whatever its row count, with a
// fixed parameter count (a VALUES list would hit PostgreSQL's 65535-parameter cap), and the
// GROUP BY keeps one row per key (ON CONFLICT may not touch a row twice in one statement).
import { classifyDiagnostic, type AcctRecord, type RejectSample } from '@/lib/accounting';
import type { AggRow } from '@/lib/accounting/aggregate';
import { SliceCounts, type CountedSlice } from '@/lib/accounting/slice-counts';
import { acctReady, all, get, run, type AcctDb } from './acct-db';
import type { AcctWriter } from './acct-writer';
import { DEFAULT_SOURCE, ProgressConflictError, type FileProgress, type IngestBatch, type IngestSlice, type WriterOptions } from './writer';

const COUNT_COLS = ['delivered', 'hard', 'soft', 'custom', 'unknown', 'transient', 'tq', 'rb', 'rs', 'received', 'fbl'] as const;
const KEY = ['bucket', 'node', 'vmta', 'domain', 'job'] as const;

/** `INSERT INTO table (cols) SELECT keys, sum(counts) FROM unnest(arrays) GROUP BY keys ON CONFLICT (keys) DO UPDATE SET c = c + excluded.c`. */
function upsertSql(table: string, keys: readonly (readonly [string, string])[], counts: readonly string[]): string {
  const cols = [...keys.map(([k]) => k), ...counts];
  const types = [...keys.map(([, t]) => t), ...counts.map(() => 'int')];
  const keyList = keys.map(([k]) => k).join(', ');
  return (
    `INSERT INTO ${table} (${cols.join(', ')}) SELECT ${keyList}, ${counts.map((c) => `sum(${c})`).join(', ')} ` +
    `FROM unnest(${types.map((t) => `?::${t}[]`).join(', ')}) AS u(${cols.join(', ')}) GROUP BY ${keyList} ` +
    `ON CONFLICT (${keyList}) DO UPDATE SET ${counts.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ')}`
  );
}

const K5 = KEY.map((k) => [k, k === 'bucket' ? 'bigint' : 'text'] as const);
const SQL = Object.fromEntries(
  (['', '_h'] as const).flatMap((t) => [
    [`agg${t}`, upsertSql(`acct_agg${t}`, K5, COUNT_COLS)],
    [`cat${t}`, upsertSql(`acct_cat${t}`, [...K5, ['kind', 'text'], ['category', 'text']], ['n'])],
    [`fbl${t}`, upsertSql(`acct_fbl${t}`, [...K5, ['reported_domain', 'text'], ['feedback_type', 'text']], ['n'])],
  ]),
) as Record<'agg' | 'cat' | 'fbl' | 'agg_h' | 'cat_h' | 'fbl_h', string>;
const SRC_IP_SQL = upsertSql(
  'acct_src_ip_h',
  [
    ['bucket', 'bigint'],
    ['node', 'text'],
    ['ip', 'text'],
    ['vmta', 'text'],
    ['domain', 'text'],
  ],
  ['delivered', 'hard', 'soft', 'custom', 'unknown', 'transient'],
);
const PROGRESS_SQL = `INSERT INTO acct_progress (node, source, file, "offset", header, line, head_len, head_hash, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (node, source, file) DO UPDATE SET "offset" = excluded."offset", header = excluded.header, line = excluded.line,
    head_len = excluded.head_len, head_hash = excluded.head_hash, updated_at = excluded.updated_at`;

/** Column-wise arrays of `rows` (one array per column, as unnest takes them). */
function columns(rows: readonly (readonly (string | number)[])[], width: number): (string | number)[][] {
  const out = Array.from({ length: width }, () => [] as (string | number)[]);
  for (const r of rows) for (let i = 0; i < width; i++) (out[i] as (string | number)[]).push(r[i] as string | number);
  return out;
}

function progressArgs(node: string, source: string, file: string, p: FileProgress, now: number) {
  return [node, source, file, p.offset, p.header ? JSON.stringify(p.header) : null, p.line, p.headLen, p.headHash, now];
}

export class PgAcctWriter implements AcctWriter {
  private readonly ipVmta = new Map<string, Map<string, string>>();

  constructor(
    private readonly store: AcctDb,
    private readonly opts: WriterOptions,
  ) {}

  async commit(slice: IngestSlice): Promise<void> {
    const { node } = slice;
    const source = slice.source ?? DEFAULT_SOURCE;
    const c = await this.countsOf(node, slice.records);
    await acctReady(this.store);
    await this.store.transaction(async () => {
      // FOR UPDATE: a second writer of the same file waits here until this one commits, then
      // reads the moved offset and stops (READ COMMITTED re-reads the locked row).
      const row = await get<{ offset: number }>(this.store, 'SELECT "offset" FROM acct_progress WHERE node = ? AND source = ? AND file = ? FOR UPDATE', [
        node,
        source,
        slice.file,
      ]);
      const stored = row?.offset ?? 0;
      if (stored !== slice.fromOffset) throw new ProgressConflictError(node, slice.file, slice.fromOffset, stored);
      const now = await this.apply(node, c, slice.file, slice.malformed, slice.samples);
      // Guarded: a first slice of a file (no row yet) racing another writer's first slice meets
      // its row here (the insert waits for it) and changes nothing, which is a conflict too.
      const moved = await run(this.store, `${PROGRESS_SQL} WHERE acct_progress."offset" = ?`, [
        ...progressArgs(node, source, slice.file, slice.progress, now),
        slice.fromOffset,
      ]);
      if (moved !== 1) throw new ProgressConflictError(node, slice.file, slice.fromOffset, -1);
    });
  }

  async commitBatch(batch: IngestBatch): Promise<'counted' | 'duplicate'> {
    const c = await this.countsOf(batch.node, batch.records);
    await acctReady(this.store);
    return this.store.transaction(async () => {
      // The key row first: a retry racing the original waits on it, then finds it and stops.
      const added = await run(this.store, 'INSERT INTO acct_webhook_batch (node, source, hash, at, records) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING', [
        batch.node,
        batch.source,
        batch.hash,
        Date.now(),
        batch.records.length,
      ]);
      if (added === 0) return 'duplicate' as const;
      await this.apply(batch.node, c, batch.label, batch.malformed, batch.samples);
      return 'counted' as const;
    });
  }

  async sourceStartedAt(node: string, source: string): Promise<number | null> {
    const r = await get<{ started_at: number }>(this.store, 'SELECT started_at FROM acct_source WHERE node = ? AND source = ?', [node, source]);
    return r?.started_at ?? null;
  }

  async startSource(node: string, source: string, files: [string, FileProgress][]): Promise<void> {
    const now = Date.now();
    await acctReady(this.store);
    await this.store.transaction(async () => {
      for (const [file, p] of files) await run(this.store, PROGRESS_SQL, progressArgs(node, source, file, p, now));
      await run(this.store, 'INSERT INTO acct_source (node, source, started_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [node, source, now]);
    });
  }

  async resetProgress(node: string, file: string, p: FileProgress, source = DEFAULT_SOURCE): Promise<void> {
    await run(this.store, PROGRESS_SQL, progressArgs(node, source, file, p, Date.now()));
  }

  async loadProgress(node: string, source = DEFAULT_SOURCE): Promise<Map<string, FileProgress>> {
    await this.loadIps(node);
    const rows = await all<{ file: string; offset: number; header: string | null; line: number; head_len: number; head_hash: string | null }>(
      this.store,
      'SELECT file, "offset", header, line, head_len, head_hash FROM acct_progress WHERE node = ? AND source = ?',
      [node, source],
    );
    return new Map(
      rows.map((r) => [
        r.file,
        { offset: r.offset, header: r.header ? (JSON.parse(r.header) as string[]) : null, line: r.line, headLen: r.head_len, headHash: r.head_hash },
      ]),
    );
  }

  counts(node: string): SliceCounts {
    return new SliceCounts(node, this.ipsFor(node), this.opts.recentDiagnostics);
  }

  get keepDiagnostics(): number {
    return this.opts.recentDiagnostics;
  }

  knownIps(node: string): [string, string][] {
    return [...this.ipsFor(node)];
  }

  /** The node's IP → vMTA map (loaded by loadProgress / the first commit; empty before). */
  private ipsFor(node: string): Map<string, string> {
    let m = this.ipVmta.get(node);
    if (!m) this.ipVmta.set(node, (m = new Map()));
    return m;
  }

  private loaded = new Set<string>();

  private async loadIps(node: string): Promise<void> {
    if (this.loaded.has(node)) return;
    const rows = await all<{ ip: string; vmta: string }>(this.store, 'SELECT ip, vmta FROM acct_ip_vmta WHERE node = ?', [node]);
    const m = this.ipsFor(node);
    // Pairs learned since (in memory, newer) win over the stored ones.
    for (const r of rows) if (!m.has(r.ip)) m.set(r.ip, r.vmta);
    this.loaded.add(node);
  }

  private async countsOf(node: string, records: readonly AcctRecord[] | CountedSlice): Promise<CountedSlice> {
    await this.loadIps(node);
    if (!Array.isArray(records)) {
      const c = records as CountedSlice;
      // Counts gathered elsewhere (a parse worker) learned IPs on their own copy of the map.
      if (!(c instanceof SliceCounts)) for (const [ip, vmta] of c.learned) this.ipsFor(node).set(ip, vmta);
      return c;
    }
    const live = this.counts(node);
    live.add(records);
    return live;
  }

  /** Writes a slice's counts inside the caller's transaction; returns the time it stamped. */
  private async apply(node: string, c: CountedSlice, file: string, malformed: number, samples: RejectSample[]): Promise<number> {
    const now = Date.now();
    const s = this.store;
    for (const [t, list] of [
      ['', c.rows()],
      ['_h', c.hourRows()],
    ] as const) {
      if (!list.length) continue;
      const agg: (string | number)[][] = [];
      const cat: (string | number)[][] = [];
      const fbl: (string | number)[][] = [];
      for (const r of list as AggRow[]) {
        const k = [r.bucketStart, node, r.vmta, r.domain, r.jobId];
        const b = r.bounces;
        agg.push([...k, r.delivered, b.hard, b.soft, b.custom, b.unknown, r.transient, r.transientQueue, r.remoteBounces, r.remoteStatus, r.received, r.fbl]);
        for (const [cc, n] of Object.entries(r.bouncesByCat)) cat.push([...k, 'b', cc, n]);
        for (const [cc, n] of Object.entries(r.remoteBouncesByCat)) cat.push([...k, 'rb', cc, n]);
        for (const [rep, byType] of Object.entries(r.fblBy)) for (const [ft, n] of Object.entries(byType)) fbl.push([...k, rep, ft, n]);
      }
      await run(s, SQL[`agg${t}`], columns(agg, 16));
      if (cat.length) await run(s, SQL[`cat${t}`], columns(cat, 8));
      if (fbl.length) await run(s, SQL[`fbl${t}`], columns(fbl, 8));
    }
    const ipRows = [...c.sourceIpRows()].map((r) => [r.bucket, node, r.ip, r.vmta, r.domain, r.delivered, r.hard, r.soft, r.custom, r.unknown, r.transient]);
    if (ipRows.length) await run(s, SRC_IP_SQL, columns(ipRows, 11));
    const diags = c.diagnostics();
    if (diags.length) {
      const rows = diags.map((r) => {
        const sig = r.sig ?? classifyDiagnostic(r.dsnDiag ?? r.dsnStatus, r.domain ?? r.dsnMta);
        return [
          r.timeLogged,
          r.type,
          r.domain ?? '',
          r.vmta ?? '',
          r.jobId ?? '',
          r.bounceCat ?? '',
          sig.signature,
          sig.provider,
          sig.label,
          r.dsnStatus ?? null,
          r.dsnDiag?.slice(0, 500) ?? null,
        ];
      });
      // WITH ORDINALITY keeps the slice's order in the ids (newest last, as the prune expects).
      await run(
        s,
        `INSERT INTO acct_diag (node, at, type, domain, vmta, job, category, signature, provider, label, status, diag)
         SELECT ?, at, type, domain, vmta, job, category, signature, provider, label, status, diag
         FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
           WITH ORDINALITY AS u(at, type, domain, vmta, job, category, signature, provider, label, status, diag, i) ORDER BY i`,
        [node, ...columns(rows as (string | number)[][], 11)],
      );
      await run(s, 'DELETE FROM acct_diag WHERE node = ? AND id <= (SELECT id FROM acct_diag WHERE node = ? ORDER BY id DESC LIMIT 1 OFFSET ?)', [
        node,
        node,
        this.opts.recentDiagnostics,
      ]);
    }
    if (samples.length) {
      await run(
        s,
        `INSERT INTO acct_malformed (node, file, line, "offset", reason, "text", at)
         SELECT ?, ?, line, "offset", reason, "text", ? FROM unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[]) WITH ORDINALITY AS u(line, "offset", reason, "text", i) ORDER BY i`,
        [
          node,
          file,
          now,
          ...columns(
            samples.map((x) => [x.line, x.offset, x.reason, x.text]),
            4,
          ),
        ],
      );
      await run(s, 'DELETE FROM acct_malformed WHERE node = ? AND id <= (SELECT id FROM acct_malformed WHERE node = ? ORDER BY id DESC LIMIT 1 OFFSET ?)', [
        node,
        node,
        this.opts.malformedSamples,
      ]);
    }
    if (c.learned.size) {
      await run(
        s,
        `INSERT INTO acct_ip_vmta (node, ip, vmta) SELECT ?, ip, vmta FROM unnest(?::text[], ?::text[]) AS u(ip, vmta)
         ON CONFLICT (node, ip) DO UPDATE SET vmta = excluded.vmta`,
        [node, ...columns([...c.learned], 2)],
      );
    }
    await run(
      s,
      `INSERT INTO acct_node (node, records, malformed, last_record_at, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (node) DO UPDATE SET records = acct_node.records + excluded.records, malformed = acct_node.malformed + excluded.malformed,
         last_record_at = greatest(coalesce(acct_node.last_record_at, 0), coalesce(excluded.last_record_at, 0)), updated_at = excluded.updated_at`,
      [node, c.records, malformed, c.lastAt, now],
    );
    return now;
  }
}
