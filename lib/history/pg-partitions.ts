import 'server-only';
// The partitions of the PostgreSQL history tables (./pg-schema.ts). Each sample table has one
// partition per (resolution, day) — a week for 1-hour rows, which stay 90 days by default —
// named `<table>_r<res>_<yyyymmdd of its start>`; events one per day, `hist_event_<yyyymmdd>`.
// Maintenance creates today's and tomorrow's ahead; a write outside them creates its own first
// (ensure()). Retention drops every partition that ends before its cutoff: one DROP TABLE
// instead of deleting millions of rows and vacuuming after them.
import { CompiledQuery, sql } from 'kysely';
import type { StoreSql } from '@/lib/store/sql';
import { RES } from './schema';

const DAY = 86_400_000;
export const SAMPLE_TABLES = ['hist_node', 'hist_poll', 'hist_domain', 'hist_queue'] as const;
export const EVENTS = -1; // "resolution" of the event table's partitions
/** Any fixed number, the same in every replica: partitions are created and dropped one replica at a time. */
const PARTITION_LOCK = 0x68697374;

export function partitionWidth(res: number): number {
  return res === RES.hour ? 7 * DAY : DAY;
}

const day = (t: number) => new Date(t).toISOString().slice(0, 10).replaceAll('-', '');

function partitionName(table: string, res: number, start: number): string {
  return res === EVENTS ? `${table}_${day(start)}` : `${table}_r${res}_${day(start)}`;
}

/** A partition's resolution and range, from its name (null: not one of ours). */
export function parsePartition(name: string): { table: string; res: number; start: number; end: number } | null {
  const m = /^(hist_node|hist_poll|hist_domain|hist_queue)_r(\d+)_(\d{8})$/.exec(name) ?? /^(hist_event)_(\d{8})$/.exec(name);
  if (!m) return null;
  const res = m[1] === 'hist_event' ? EVENTS : Number(m[2]);
  const ymd = m[m.length - 1]!;
  const start = Date.UTC(Number(ymd.slice(0, 4)), Number(ymd.slice(4, 6)) - 1, Number(ymd.slice(6, 8)));
  return { table: m[1]!, res, start, end: start + partitionWidth(res) };
}

export class HistoryPartitions {
  /** `res:start` of partitions known to exist (all tables of that resolution). */
  private readonly known = new Set<string>();

  constructor(private readonly db: () => StoreSql) {}

  /** Forget what exists (after a write found a partition missing: another replica dropped it). */
  forget(): void {
    this.known.clear();
  }

  /** Make sure the partitions holding `res` rows at each of `ats` exist. */
  async ensure(res: number, ats: Iterable<number>): Promise<void> {
    const w = partitionWidth(res);
    const starts = new Set<number>();
    for (const at of ats) {
      const start = Math.floor(at / w) * w;
      if (!this.known.has(`${res}:${start}`)) starts.add(start);
    }
    if (!starts.size) return;
    await this.db()
      .transaction()
      .execute(async (trx) => {
        // CREATE … IF NOT EXISTS alone still collides when two replicas create the same one.
        await sql`SELECT pg_advisory_xact_lock(${PARTITION_LOCK})`.execute(trx);
        for (const start of starts) {
          for (const table of res === EVENTS ? ['hist_event'] : SAMPLE_TABLES) {
            const bounds = res === EVENTS ? `FROM (${start}) TO (${start + w})` : `FROM (${res}, ${start}) TO (${res}, ${start + w})`;
            await trx.executeQuery(
              CompiledQuery.raw(`CREATE TABLE IF NOT EXISTS ${partitionName(table, res, start)} PARTITION OF ${table} FOR VALUES ${bounds}`),
            );
          }
        }
      });
    for (const start of starts) this.known.add(`${res}:${start}`);
  }

  /** Every partition of the history tables in the store's schema, with its planner row estimate. */
  async list(): Promise<{ name: string; table: string; res: number; start: number; end: number; rows: number }[]> {
    const r = await this.db().executeQuery<{ name: string; rows: number }>(
      CompiledQuery.raw(
        `SELECT c.relname AS name, GREATEST(c.reltuples, 0)::float8 AS rows FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent IN (${[...SAMPLE_TABLES, 'hist_event'].map((t) => `'${t}'::regclass`).join(', ')})`,
      ),
    );
    return r.rows.flatMap((row) => {
      const p = parsePartition(row.name);
      return p ? [{ name: row.name, rows: Number(row.rows), ...p }] : [];
    });
  }

  /**
   * Drop the partitions of one (resolution, start) — all tables together, so no domain row
   * outlives its poll row — that end at or before their cutoff; returns the rows they held
   * (estimated, at least 1 per partition), 0 when none has expired.
   */
  async dropExpired(cutoffs: Map<number, number>): Promise<number> {
    const expired = (await this.list()).filter((p) => p.end <= (cutoffs.get(p.res) ?? -Infinity));
    if (!expired.length) return 0;
    const first = expired.sort((a, b) => a.start - b.start || a.res - b.res)[0]!;
    const group = expired.filter((p) => p.res === first.res && p.start === first.start);
    await this.db()
      .transaction()
      .execute(async (trx) => {
        await sql`SELECT pg_advisory_xact_lock(${PARTITION_LOCK})`.execute(trx);
        for (const p of group) await trx.executeQuery(CompiledQuery.raw(`DROP TABLE IF EXISTS ${p.name}`));
      });
    this.known.delete(`${first.res}:${first.start}`);
    return group.reduce((n, p) => n + Math.max(1, Math.round(p.rows)), 0);
  }
}
