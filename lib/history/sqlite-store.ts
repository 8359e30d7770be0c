import 'server-only';
// SQLite implementation of the history store: prepared statements, one transaction per poll,
// rollups bounded per call and pruning in small chunks so that neither ever holds the single
// writer long enough to delay a poll.
import type Database from 'better-sqlite3';
import { migrate, type Db } from '@/lib/store/db';
import { COUNTERS, DOMAIN_GAUGES, NODE_GAUGES, type Counter, type MetricName } from './metrics';
import { DOMAIN_COLS, HISTORY_MIGRATIONS, NODE_COLS, RES } from './schema';
import type {
  DomainSampleRow,
  HistoryStore,
  NodeSampleRow,
  OpenQueueModes,
  PollBatch,
  QueryFilters,
  QueryResult,
  QueueEventRow,
  QueueSampleRow,
} from './store';
import { planQuery } from './tiers';
import { HistoryQuery, runQuery } from './sqlite-query';
import type { BackoffPeriod } from './api-types';
import { backoffPeriodsFromEvents } from './backoff-periods';
import type { DeliveredSource } from './sources';

export interface SqliteHistoryOptions {
  retention: { raw: number; minute: number; hour: number };
  pollIntervalMs: number;
  gapMs: number;
  /** Most source rows one rollup call reads per tier (later calls continue). */
  rollupMaxBuckets?: number;
  /** Per-domain delivered counts from accounting (injected by the runtime); else the backlog's drain. */
  delivered?: DeliveredSource;
}

const MIN = 60_000;
const HOUR = 3_600_000;

export class SqliteHistoryStore implements HistoryStore {
  readonly kind = 'sqlite';
  private readonly stmts = new Map<string, Database.Statement<unknown[]>>();
  /** hist_name cache: name → id. */
  private readonly names = new Map<string, number>();
  private readonly reader: HistoryQuery;

  constructor(
    readonly db: Db,
    private readonly opts: SqliteHistoryOptions,
  ) {
    migrate(db, 'history', HISTORY_MIGRATIONS);
    this.reader = new HistoryQuery((sql, params) => this.stmt(sql).all(...params) as Record<string, unknown>[], opts.gapMs, opts.delivered);
  }

  private stmt(sql: string): Database.Statement<unknown[]> {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.db.prepare<unknown[]>(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  writeNodeSample(s: NodeSampleRow): void {
    const values = [...COUNTERS.map((c) => s.totals[c]), ...COUNTERS.map((c) => s.deltas?.[c] ?? null), ...NODE_GAUGES.map((g) => s.gauges[g])];
    this.stmt(
      `INSERT OR REPLACE INTO hist_node (res, node, at, n, dt, ${NODE_COLS.join(', ')}) VALUES (0, ?, ?, 1, ?, ${NODE_COLS.map(() => '?').join(', ')})`,
    ).run(s.node, s.at, s.dtMs, ...values);
  }

  /** A write transaction; a rolled-back one may have taken back names the cache holds. */
  private inTransaction(write: () => void): void {
    try {
      this.db.transaction(write)();
    } catch (e) {
      this.names.clear();
      throw e;
    }
  }

  /** Id of a domain or vMTA name, added to `hist_name` on first use (ids are never reused). */
  private nameId(name: string): number {
    let id = this.names.get(name);
    if (id === undefined) {
      this.stmt('INSERT INTO hist_name (name) VALUES (?) ON CONFLICT (name) DO NOTHING').run(name);
      id = this.stmt('SELECT id FROM hist_name WHERE name = ?').pluck().get(name) as number;
      this.names.set(name, id);
    }
    return id;
  }

  writeDomainSamples(node: string, at: number, domains: DomainSampleRow[], queues: QueueSampleRow[]): void {
    const cols = DOMAIN_COLS.join(', ');
    const marks = DOMAIN_COLS.map(() => '?').join(', ');
    const set = DOMAIN_COLS.map((c) => `${c} = excluded.${c}`).join(', ');
    const d = this.stmt(`INSERT INTO hist_domain (poll, domain, n, ${cols}) VALUES (?, ?, 1, ${marks}) ON CONFLICT (poll, domain) DO UPDATE SET ${set}`);
    const q = this.stmt(
      `INSERT INTO hist_queue (poll, domain, vmta, n, ${cols}) VALUES (?, ?, ?, 1, ${marks}) ON CONFLICT (poll, domain, vmta) DO UPDATE SET ${set}`,
    );
    this.inTransaction(() => {
      // A poll written in several steps (sampleInSteps) is one poll row: the same id each time.
      const poll = this.stmt(
        'INSERT INTO hist_poll (res, at, node, n) VALUES (0, ?, ?, 1) ON CONFLICT (res, at, node) DO UPDATE SET n = excluded.n RETURNING id',
      )
        .pluck()
        .get(at, node) as number;
      // In key order, so each poll's rows are appended to the end of the clustered tables.
      const ds = domains.map((r) => ({ id: this.nameId(r.domain), r })).sort((a, b) => a.id - b.id);
      for (const { id, r } of ds) d.run(poll, id, ...DOMAIN_GAUGES.map((g) => r.values[g]));
      const qs = queues.map((r) => ({ dom: this.nameId(r.domain), vmta: this.nameId(r.vmta), r })).sort((a, b) => a.dom - b.dom || a.vmta - b.vmta);
      for (const { dom, vmta, r } of qs) q.run(poll, dom, vmta, ...DOMAIN_GAUGES.map((g) => r.values[g]));
    });
  }

  writeQueueEvents(events: QueueEventRow[]): void {
    if (!events.length) return;
    const ins = this.stmt('INSERT INTO hist_event (at, node, queue, domain, vmta, kind, text) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const e of events) ins.run(e.at, e.node, e.queue, e.domain, e.vmta, e.kind, e.text);
    })();
  }

  writePoll(b: PollBatch): void {
    // Nested transactions become savepoints: the whole poll commits once.
    this.inTransaction(() => {
      if (b.node) this.writeNodeSample(b.node);
      if (b.queues) this.writeDomainSamples(b.queues.node, b.queues.at, b.queues.domains, b.queues.queues);
      if (b.events) this.writeQueueEvents(b.events);
    });
  }

  lastNodeSample(node: string): { at: number; totals: Record<Counter, number | null> } | null {
    const row = this.stmt(`SELECT at, ${COUNTERS.map((c) => `t_${c}`).join(', ')} FROM hist_node WHERE res = 0 AND node = ? ORDER BY at DESC LIMIT 1`).get(
      node,
    ) as Record<string, number | null> | undefined;
    if (!row) return null;
    return { at: row.at as number, totals: Object.fromEntries(COUNTERS.map((c) => [c, row[`t_${c}`] ?? null])) as Record<Counter, number | null> };
  }

  openQueueModes(node: string): OpenQueueModes {
    const out: OpenQueueModes = { backoff: new Map(), paused: new Map() };
    for (const [on, off, into] of [
      ['backoff', 'normal', out.backoff],
      ['paused', 'resumed', out.paused],
    ] as const) {
      const rows = this.stmt(
        `SELECT e.queue, e.domain, e.vmta, e.kind FROM hist_event e
        JOIN (SELECT queue, MAX(at) AS at FROM hist_event WHERE node = ? AND kind IN (?, ?) GROUP BY queue) l ON l.queue = e.queue AND l.at = e.at
        WHERE e.node = ? AND e.kind IN (?, ?)`,
      ).all(node, on, off, node, on, off) as { queue: string; domain: string; vmta: string; kind: string }[];
      for (const r of rows) if (r.kind === on) into.set(r.queue, { domain: r.domain, vmta: r.vmta });
    }
    return out;
  }

  private meta(name: string): number | null {
    const r = this.stmt('SELECT value FROM hist_meta WHERE name = ?').get(name) as { value: number } | undefined;
    return r ? r.value : null;
  }

  private setMeta(name: string, value: number): void {
    this.stmt('INSERT OR REPLACE INTO hist_meta (name, value) VALUES (?, ?)').run(name, value);
  }

  watermarks(): { minute: number; hour: number } {
    return { minute: this.meta('rollup_60') ?? 0, hour: this.meta('rollup_3600') ?? 0 };
  }

  async query(metric: MetricName, filters: QueryFilters, from: number, to: number, step?: number, now = Date.now()): Promise<QueryResult> {
    const plan = planQuery({ from, to, step, now, retention: this.opts.retention, pollIntervalMs: this.opts.pollIntervalMs, watermarks: this.watermarks() });
    return runQuery(this.reader, plan, metric, filters, now);
  }

  backoffPeriods(domain: string, from: number, to: number): BackoffPeriod[] {
    const rows = this.stmt("SELECT at, node, queue, kind, text FROM hist_event WHERE domain = ? AND at < ? AND kind IN ('backoff', 'normal') ORDER BY at").all(
      domain.toLowerCase(),
      to,
    ) as {
      at: number;
      node: string;
      queue: string;
      kind: 'backoff' | 'normal';
      text: string | null;
    }[];
    return backoffPeriodsFromEvents(rows, from);
  }

  /** Roll one source resolution into the next, for completed buckets only. */
  private rollTier(src: number, dst: number, end: number): { rows: number; more: boolean } {
    const ms = dst * 1000;
    const name = `rollup_${dst}`;
    let from = this.meta(name);
    if (from === null) {
      const first = this.stmt(
        'SELECT MIN(at) AS at FROM (SELECT MIN(at) AS at FROM hist_node WHERE res = ? UNION ALL SELECT MIN(at) FROM hist_poll WHERE res = ?) m',
      ).get(src, src) as {
        at: number | null;
      };
      if (first.at === null) return { rows: 0, more: false };
      from = Math.floor(first.at / ms) * ms;
    }
    const to = Math.min(end, from + (this.opts.rollupMaxBuckets ?? 240) * ms);
    if (to <= from) return { rows: 0, more: false };
    const b = `(at / ${ms}) * ${ms}`;
    const wavg = (c: string) => `SUM(${c} * n) / SUM(CASE WHEN ${c} IS NULL THEN NULL ELSE n END)`;
    const range = 'res = ? AND at >= ? AND at < ?';
    let rows = 0;
    this.db.transaction(() => {
      const nodeCols = NODE_COLS.map((c) => (c.startsWith('t_') ? `MAX(${c})` : c.startsWith('d_') ? `SUM(${c})` : wavg(c)));
      rows += this.stmt(
        `INSERT INTO hist_node (res, node, at, n, dt, ${NODE_COLS.join(', ')})
        SELECT ${dst}, node, ${b} AS b, SUM(n), SUM(dt), ${nodeCols.join(', ')} FROM hist_node WHERE ${range} GROUP BY node, ${b}`,
      ).run(src, from, to).changes;
      rows += this.stmt(
        `INSERT INTO hist_poll (res, at, node, n) SELECT ${dst}, ${b} AS b, node, SUM(n) FROM hist_poll WHERE ${range} GROUP BY node, ${b}`,
      ).run(src, from, to).changes;
      // Each source poll's rows go to its bucket's new poll row `t` (just written above).
      // Domain rows average over every poll of the bucket (absent = no backlog); queue rows over
      // the polls that listed them (absent = not tracked then).
      const into = `FROM hist_poll s JOIN hist_poll t ON t.res = ${dst} AND t.node = s.node AND t.at = (s.at / ${ms}) * ${ms}`;
      const srcRange = 's.res = ? AND s.at >= ? AND s.at < ?';
      const dCols = DOMAIN_COLS.map((c) => `SUM(d.${c} * d.n) / t.n`).join(', ');
      rows += this.stmt(
        `INSERT INTO hist_domain (poll, domain, n, ${DOMAIN_COLS.join(', ')})
        SELECT t.id, d.domain, t.n, ${dCols} ${into} JOIN hist_domain d ON d.poll = s.id
        WHERE ${srcRange} GROUP BY t.id, d.domain, t.n ORDER BY t.id, d.domain`,
      ).run(src, from, to).changes;
      const qCols = DOMAIN_COLS.map((c) => `SUM(q.${c} * q.n) / SUM(q.n)`).join(', ');
      rows += this.stmt(
        `INSERT INTO hist_queue (poll, domain, vmta, n, ${DOMAIN_COLS.join(', ')})
        SELECT t.id, q.domain, q.vmta, SUM(q.n), ${qCols} ${into} JOIN hist_queue q ON q.poll = s.id
        WHERE ${srcRange} GROUP BY t.id, q.domain, q.vmta ORDER BY t.id, q.domain, q.vmta`,
      ).run(src, from, to).changes;
      this.setMeta(name, to);
    })();
    return { rows, more: to < end };
  }

  /** One bounded step of rollups; `more` = call again (after letting polls run). */
  rollup(now: number): { minute: number; hour: number; more: boolean } {
    const m = this.rollTier(RES.raw, RES.minute, Math.floor(now / MIN) * MIN);
    // Only hours whose every minute has been rolled up.
    const wm = this.meta('rollup_60') ?? 0;
    const h = this.rollTier(RES.minute, RES.hour, Math.floor(wm / HOUR) * HOUR);
    return { minute: m.rows, hour: h.rows, more: m.more || h.more };
  }

  prune(now: number, maxRows = 5000): number {
    const r = this.opts.retention;
    // Never prune raw rows that are not rolled up yet.
    const wm = this.watermarks();
    const cutoffs: [number, number][] = [
      [RES.raw, Math.min(now - r.raw, wm.minute)],
      [RES.minute, Math.min(now - r.minute, wm.hour)],
      [RES.hour, now - r.hour],
    ];
    for (const [res, cutoff] of cutoffs) {
      // rowid + LIMIT bounds each slice exactly (SQLite-specific; a PostgreSQL store would use ctid or time slices).
      const n = this.stmt('DELETE FROM hist_node WHERE rowid IN (SELECT rowid FROM hist_node WHERE res = ? AND at < ? LIMIT ?)').run(
        res,
        cutoff,
        maxRows,
      ).changes;
      if (n) return n;
    }
    // A poll's domain and queue rows go first (by primary key, at most maxRows), its poll row
    // once it has none left, so no row is ever without its poll.
    for (const [table, key] of [
      ['hist_domain', ['poll', 'domain']],
      ['hist_queue', ['poll', 'domain', 'vmta']],
    ] as const) {
      for (const [res, cutoff] of cutoffs) {
        const keys = this.stmt(
          `SELECT ${key.map((k) => `x.${k}`).join(', ')} FROM hist_poll p JOIN ${table} x ON x.poll = p.id WHERE p.res = ? AND p.at < ? LIMIT ?`,
        )
          .raw()
          .all(res, cutoff, maxRows) as number[][];
        if (!keys.length) continue;
        const del = this.stmt(`DELETE FROM ${table} WHERE ${key.map((k) => `${k} = ?`).join(' AND ')}`);
        this.db.transaction(() => {
          for (const k of keys) del.run(...k);
        })();
        return keys.length;
      }
    }
    for (const [res, cutoff] of cutoffs) {
      const n = this.stmt('DELETE FROM hist_poll WHERE id IN (SELECT id FROM hist_poll WHERE res = ? AND at < ? LIMIT ?)').run(res, cutoff, maxRows).changes;
      if (n) return n;
    }
    return this.stmt('DELETE FROM hist_event WHERE rowid IN (SELECT rowid FROM hist_event WHERE at < ? LIMIT ?)').run(now - r.hour, maxRows).changes;
  }

  close(): void {
    this.stmts.clear();
  }
}
