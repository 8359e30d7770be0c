import 'server-only';
// PostgreSQL implementation of the history store, for consoles that share one database. The
// tables are partitioned by resolution and day (./pg-schema.ts, ./pg-partitions.ts): writes
// make sure their partition exists first, retention drops expired partitions. One poll is one
// transaction of a few multi-row INSERTs (unnest of one array per column: a 100k-queue poll's
// ~2,500 rows are one statement and one round trip per table, not one per row). Reads run the
// same statements as SQLite (./sqlite-query.ts), `?` marks numbered for pg.
import { CompiledQuery, type Transaction } from 'kysely';
import type { ConsoleStore } from '@/lib/store/store';
import type { StoreSql, StoreTables } from '@/lib/store/sql';
import { COUNTERS, DOMAIN_GAUGES, NODE_GAUGES, type Counter, type MetricName } from './metrics';
import { DOMAIN_COLS, NODE_COLS, RES } from './schema';
import { PG_HISTORY_MIGRATIONS } from './pg-schema';
import { EVENTS, HistoryPartitions } from './pg-partitions';
import type { HistoryStore, OpenQueueModes, PollBatch, QueryFilters, QueryResult } from './store';
import { planQuery } from './tiers';
import { HistoryQuery, PG_JOINS, runQuery } from './sqlite-query';
import type { BackoffPeriod } from './api-types';
import { backoffPeriodsFromEvents } from './backoff-periods';
import type { SqliteHistoryOptions } from './sqlite-store';

type Row = Record<string, unknown>;
type Exec = StoreSql | Transaction<StoreTables>;

const MIN = 60_000;
const HOUR = 3_600_000;
/** pg's error for a row that no partition accepts (ours dropped or not yet created by another replica). */
const NO_PARTITION = '23514';

/** `?` → `$1, $2, …` (no statement here has a `?` inside a string literal). */
function numbered(text: string): string {
  let i = 0;
  return text.replace(/\?/g, () => `$${++i}`);
}

async function rows(db: Exec, text: string, params: unknown[] = []): Promise<Row[]> {
  return (await db.executeQuery<Row>(CompiledQuery.raw(numbered(text), params))).rows;
}

async function run(db: Exec, text: string, params: unknown[] = []): Promise<number> {
  return Number((await db.executeQuery(CompiledQuery.raw(numbered(text), params))).numAffectedRows ?? 0);
}

export class PgHistoryStore implements HistoryStore {
  readonly kind = 'postgres';
  private readonly ready: Promise<void>;
  /** hist_name cache: name → id (rows are committed on their own, never rolled back with a poll). */
  private readonly names = new Map<string, number>();
  private readonly reader: HistoryQuery;
  readonly partitions: HistoryPartitions;

  constructor(
    readonly store: ConsoleStore,
    private readonly opts: SqliteHistoryOptions,
  ) {
    this.ready = store.migrate('history', PG_HISTORY_MIGRATIONS);
    this.partitions = new HistoryPartitions(() => store.sql);
    this.reader = new HistoryQuery((text, params) => rows(store.query(), text, params), opts.gapMs, opts.delivered, PG_JOINS);
  }

  private get db(): StoreSql {
    return this.store.sql;
  }

  /** Ids of domain and vMTA names, adding the new ones (ids are never reused). */
  private async nameIds(list: Iterable<string>): Promise<void> {
    const missing = [...new Set(list)].filter((n) => !this.names.has(n));
    if (!missing.length) return;
    await run(this.db, 'INSERT INTO hist_name (name) SELECT unnest(?::text[]) ON CONFLICT (name) DO NOTHING', [missing]);
    for (const r of await rows(this.db, 'SELECT id, name FROM hist_name WHERE name = ANY(?::text[])', [missing])) this.names.set(String(r.name), Number(r.id));
  }

  async writePoll(b: PollBatch): Promise<void> {
    await this.ready;
    const q = b.queues;
    if (q) await this.nameIds([...q.domains.map((d) => d.domain), ...q.queues.flatMap((r) => [r.domain, r.vmta])]);
    for (let attempt = 0; ; attempt++) {
      try {
        await this.partitions.ensure(RES.raw, [...(b.node ? [b.node.at] : []), ...(q ? [q.at] : [])]);
        if (b.events?.length)
          await this.partitions.ensure(
            EVENTS,
            b.events.map((e) => e.at),
          );
        await this.db.transaction().execute((trx) => this.writeIn(trx, b));
        return;
      } catch (e) {
        // Once: another replica's retention may have dropped a partition this one still knew.
        if (attempt > 0 || (e as { code?: string }).code !== NO_PARTITION) throw e;
        this.partitions.forget();
      }
    }
  }

  private async writeIn(trx: Transaction<StoreTables>, b: PollBatch): Promise<void> {
    if (b.node) {
      const s = b.node;
      const values = [...COUNTERS.map((c) => s.totals[c]), ...COUNTERS.map((c) => s.deltas?.[c] ?? null), ...NODE_GAUGES.map((g) => s.gauges[g])];
      await run(
        trx,
        `INSERT INTO hist_node (res, node, at, n, dt, ${NODE_COLS.join(', ')}) VALUES (0, ?, ?, 1, ?, ${NODE_COLS.map(() => '?').join(', ')})
        ON CONFLICT (res, node, at) DO UPDATE SET n = excluded.n, dt = excluded.dt, ${NODE_COLS.map((c) => `${c} = excluded.${c}`).join(', ')}`,
        [s.node, s.at, s.dtMs, ...values],
      );
    }
    const q = b.queues;
    if (q) {
      // A poll written in several parts is one poll row: the same id each time.
      const [poll] = await rows(
        trx,
        'INSERT INTO hist_poll (res, at, node, n) VALUES (0, ?, ?, 1) ON CONFLICT (res, at, node) DO UPDATE SET n = excluded.n RETURNING id',
        [q.at, q.node],
      );
      const pollId = Number(poll!.id);
      const set = DOMAIN_COLS.map((c) => `${c} = excluded.${c}`).join(', ');
      const arrays = DOMAIN_COLS.map(() => '?::float8[]').join(', ');
      // One row per key (ON CONFLICT cannot touch a row twice in one statement): the last wins, as on SQLite.
      const doms = new Map(q.domains.map((r) => [this.names.get(r.domain)!, r]));
      if (doms.size)
        await run(
          trx,
          `INSERT INTO hist_domain (res, at, poll, domain, n, ${DOMAIN_COLS.join(', ')})
          SELECT 0, ?, ?, u.domain, 1, ${DOMAIN_COLS.map((c) => `u.${c}`).join(', ')}
          FROM unnest(?::bigint[], ${arrays}) AS u(domain, ${DOMAIN_COLS.join(', ')})
          ON CONFLICT (res, at, poll, domain) DO UPDATE SET ${set}`,
          [q.at, pollId, [...doms.keys()], ...DOMAIN_GAUGES.map((g) => [...doms.values()].map((r) => r.values[g]))],
        );
      const ques = new Map(q.queues.map((r) => [`${this.names.get(r.domain)!}/${this.names.get(r.vmta)!}`, r]));
      if (ques.size) {
        const list = [...ques.values()];
        await run(
          trx,
          `INSERT INTO hist_queue (res, at, poll, domain, vmta, n, ${DOMAIN_COLS.join(', ')})
          SELECT 0, ?, ?, u.domain, u.vmta, 1, ${DOMAIN_COLS.map((c) => `u.${c}`).join(', ')}
          FROM unnest(?::bigint[], ?::bigint[], ${arrays}) AS u(domain, vmta, ${DOMAIN_COLS.join(', ')})
          ON CONFLICT (res, at, poll, domain, vmta) DO UPDATE SET ${set}`,
          [
            q.at,
            pollId,
            list.map((r) => this.names.get(r.domain)!),
            list.map((r) => this.names.get(r.vmta)!),
            ...DOMAIN_GAUGES.map((g) => list.map((r) => r.values[g])),
          ],
        );
      }
    }
    const ev = b.events;
    if (ev?.length)
      await run(
        trx,
        `INSERT INTO hist_event (at, node, queue, domain, vmta, kind, text)
        SELECT * FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])`,
        [
          ev.map((e) => e.at),
          ev.map((e) => e.node),
          ev.map((e) => e.queue),
          ev.map((e) => e.domain),
          ev.map((e) => e.vmta),
          ev.map((e) => e.kind),
          ev.map((e) => e.text),
        ],
      );
  }

  async lastNodeSample(node: string): Promise<{ at: number; totals: Record<Counter, number | null> } | null> {
    await this.ready;
    const [row] = await rows(
      this.store.query(),
      `SELECT at, ${COUNTERS.map((c) => `t_${c}`).join(', ')} FROM hist_node WHERE res = 0 AND node = ? ORDER BY at DESC LIMIT 1`,
      [node],
    );
    if (!row) return null;
    return {
      at: Number(row.at),
      totals: Object.fromEntries(COUNTERS.map((c) => [c, (row[`t_${c}`] as number | null) ?? null])) as Record<Counter, number | null>,
    };
  }

  async openQueueModes(node: string): Promise<OpenQueueModes> {
    await this.ready;
    const out: OpenQueueModes = { backoff: new Map(), paused: new Map() };
    for (const [on, off, into] of [
      ['backoff', 'normal', out.backoff],
      ['paused', 'resumed', out.paused],
    ] as const) {
      const list = await rows(
        this.store.query(),
        `SELECT e.queue, e.domain, e.vmta, e.kind FROM hist_event e
        JOIN (SELECT queue, MAX(at) AS at FROM hist_event WHERE node = ? AND kind IN (?, ?) GROUP BY queue) l ON l.queue = e.queue AND l.at = e.at
        WHERE e.node = ? AND e.kind IN (?, ?)`,
        [node, on, off, node, on, off],
      );
      for (const r of list) if (r.kind === on) into.set(String(r.queue), { domain: String(r.domain), vmta: String(r.vmta) });
    }
    return out;
  }

  private async meta(name: string): Promise<number | null> {
    const [r] = await rows(this.store.query(), 'SELECT value FROM hist_meta WHERE name = ?', [name]);
    return r ? Number(r.value) : null;
  }

  async watermarks(): Promise<{ minute: number; hour: number }> {
    await this.ready;
    return { minute: (await this.meta('rollup_60')) ?? 0, hour: (await this.meta('rollup_3600')) ?? 0 };
  }

  async query(metric: MetricName, filters: QueryFilters, from: number, to: number, step?: number, now = Date.now()): Promise<QueryResult> {
    const watermarks = await this.watermarks();
    const plan = planQuery({ from, to, step, now, retention: this.opts.retention, pollIntervalMs: this.opts.pollIntervalMs, watermarks });
    return runQuery(this.reader, plan, metric, filters, now);
  }

  async backoffPeriods(domain: string, from: number, to: number): Promise<BackoffPeriod[]> {
    await this.ready;
    const list = await rows(
      this.store.query(),
      "SELECT at, node, queue, kind, text FROM hist_event WHERE domain = ? AND at < ? AND kind IN ('backoff', 'normal') ORDER BY at",
      [domain.toLowerCase(), to],
    );
    return backoffPeriodsFromEvents(
      list.map((r) => ({
        at: Number(r.at),
        node: String(r.node),
        queue: String(r.queue),
        kind: r.kind as 'backoff' | 'normal',
        text: r.text as string | null,
      })),
      from,
    );
  }

  /** Roll one source resolution into the next, for completed buckets only (the SQLite statements, with the partition key). */
  private async rollTier(src: number, dst: number, end: number): Promise<{ rows: number; more: boolean }> {
    const ms = dst * 1000;
    const name = `rollup_${dst}`;
    let from = await this.meta(name);
    if (from === null) {
      const [first] = await rows(
        this.db,
        'SELECT MIN(at) AS at FROM (SELECT MIN(at) AS at FROM hist_node WHERE res = ? UNION ALL SELECT MIN(at) FROM hist_poll WHERE res = ?) m',
        [src, src],
      );
      if (first?.at === null || first?.at === undefined) return { rows: 0, more: false };
      from = Math.floor(Number(first.at) / ms) * ms;
    }
    const to = Math.min(end, from + (this.opts.rollupMaxBuckets ?? 240) * ms);
    if (to <= from) return { rows: 0, more: false };
    const ats: number[] = [];
    for (let t = from; t < to; t += ms) ats.push(t);
    await this.partitions.ensure(dst, ats);
    const b = `(at / ${ms}) * ${ms}`;
    const wavg = (c: string) => `SUM(${c} * n) / SUM(CASE WHEN ${c} IS NULL THEN NULL ELSE n END)`;
    const range = 'res = ? AND at >= ? AND at < ?';
    let n = 0;
    await this.db.transaction().execute(async (trx) => {
      const nodeCols = NODE_COLS.map((c) => (c.startsWith('t_') ? `MAX(${c})` : c.startsWith('d_') ? `SUM(${c})` : wavg(c)));
      n += await run(
        trx,
        `INSERT INTO hist_node (res, node, at, n, dt, ${NODE_COLS.join(', ')})
        SELECT ${dst}, node, ${b}, SUM(n), SUM(dt), ${nodeCols.join(', ')} FROM hist_node WHERE ${range} GROUP BY node, ${b}`,
        [src, from, to],
      );
      n += await run(trx, `INSERT INTO hist_poll (res, at, node, n) SELECT ${dst}, ${b}, node, SUM(n) FROM hist_poll WHERE ${range} GROUP BY node, ${b}`, [
        src,
        from,
        to,
      ]);
      // As on SQLite: domain rows average over every poll of the bucket, queue rows over the polls that listed them.
      const into = (x: string) =>
        `FROM hist_poll s JOIN hist_poll t ON t.res = ${dst} AND t.node = s.node AND t.at = (s.at / ${ms}) * ${ms} AND t.at >= ${from} AND t.at < ${to}
        JOIN ${x} ON ${x.slice(-1)}.poll = s.id AND ${x.slice(-1)}.res = s.res AND ${x.slice(-1)}.at = s.at
        WHERE s.res = ? AND s.at >= ? AND s.at < ? AND ${x.slice(-1)}.res = ? AND ${x.slice(-1)}.at >= ? AND ${x.slice(-1)}.at < ?`;
      const p = [src, from, to, src, from, to];
      n += await run(
        trx,
        `INSERT INTO hist_domain (res, at, poll, domain, n, ${DOMAIN_COLS.join(', ')})
        SELECT t.res, t.at, t.id, d.domain, t.n, ${DOMAIN_COLS.map((c) => `SUM(d.${c} * d.n) / t.n`).join(', ')} ${into('hist_domain d')}
        GROUP BY t.res, t.at, t.id, d.domain, t.n`,
        p,
      );
      n += await run(
        trx,
        `INSERT INTO hist_queue (res, at, poll, domain, vmta, n, ${DOMAIN_COLS.join(', ')})
        SELECT t.res, t.at, t.id, q.domain, q.vmta, SUM(q.n), ${DOMAIN_COLS.map((c) => `SUM(q.${c} * q.n) / SUM(q.n)`).join(', ')} ${into('hist_queue q')}
        GROUP BY t.res, t.at, t.id, q.domain, q.vmta`,
        p,
      );
      await run(trx, 'INSERT INTO hist_meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value', [name, to]);
    });
    return { rows: n, more: to < end };
  }

  async rollup(now: number): Promise<{ minute: number; hour: number; more: boolean }> {
    await this.ready;
    const m = await this.rollTier(RES.raw, RES.minute, Math.floor(now / MIN) * MIN);
    const wm = (await this.meta('rollup_60')) ?? 0;
    const h = await this.rollTier(RES.minute, RES.hour, Math.floor(wm / HOUR) * HOUR);
    return { minute: m.rows, hour: h.rows, more: m.more || h.more };
  }

  /** Drops one expired (resolution, period) set of partitions per call; `maxRows` does not apply (a DROP is one step whatever it holds). */
  async prune(now: number): Promise<number> {
    await this.ready;
    const r = this.opts.retention;
    const wm = await this.watermarks();
    // As on SQLite: never raw rows that are not rolled up yet.
    return this.partitions.dropExpired(
      new Map([
        [RES.raw, Math.min(now - r.raw, wm.minute)],
        [RES.minute, Math.min(now - r.minute, wm.hour)],
        [RES.hour, now - r.hour],
        [EVENTS, now - r.hour],
      ]),
    );
  }

  async prepareAhead(now: number): Promise<void> {
    await this.ready;
    const day = 86_400_000;
    await this.partitions.ensure(RES.raw, [now, now + day]);
    await this.partitions.ensure(EVENTS, [now, now + day]);
  }

  /** The pool belongs to the console's store (closed by the runtime). */
  close(): void {}
}
