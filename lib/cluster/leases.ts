import 'server-only';
// Lease and replica rows on the store, one statement per change so that two replicas racing
// for the same lease cannot both win: the acquire is an INSERT … ON CONFLICT DO UPDATE … WHERE
// (both SQLite ≥ 3.35 and PostgreSQL; on PostgreSQL the conflicting row is locked and the WHERE
// re-checked, so the second of two concurrent acquirers finds the first one's row). A lease is
// taken when it is free, expired, or already ours; the generation goes up on every change of
// owner, which is what a stale owner is fenced off by.
import { sql, type Kysely } from 'kysely';
import type { ConsoleStore } from '@/lib/store/store';
import type { StoreTables } from '@/lib/store/sql';
import { CLUSTER_MIGRATIONS, type ClusterTables } from './schema';

/** The owner of a released lease (no replica id is empty). */
export const RELEASED = '';

export interface LeaseRow {
  key: string;
  owner: string;
  generation: number;
  expiresAt: number;
}

export interface ReplicaRow {
  id: string;
  startedAt: number;
  lastSeenAt: number;
  url: string | null;
}

export class LeaseStore {
  private readonly ready: Promise<void>;

  constructor(readonly store: ConsoleStore) {
    this.ready = store.migrate('cluster', CLUSTER_MIGRATIONS);
  }

  /** The caller's transaction, if any (a fenced write checks inside its own), else the store. */
  private get db(): Kysely<StoreTables & ClusterTables> {
    return this.store.query().withTables<ClusterTables>();
  }

  /**
   * Take or renew `key` for `owner` until `until`: its generation when held now, null when
   * another owner holds an unexpired lease.
   */
  async acquire(key: string, owner: string, now: number, until: number): Promise<number | null> {
    await this.ready;
    const r = await this.db
      .insertInto('cluster_leases')
      .values({ key, owner, generation: 1, expires_at: until })
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet({
            owner: (eb) => eb.ref('excluded.owner'),
            generation: sql<number>`CASE WHEN cluster_leases.owner = excluded.owner THEN cluster_leases.generation ELSE cluster_leases.generation + 1 END`,
            expires_at: (eb) => eb.ref('excluded.expires_at'),
          })
          .where((eb) => eb.or([eb('cluster_leases.owner', '=', owner), eb('cluster_leases.expires_at', '<=', now)])),
      )
      .returning('generation')
      .executeTakeFirst();
    return r ? Number(r.generation) : null;
  }

  /**
   * Renew every lease of `keys` that `owner` still holds, in one statement (the heartbeat's
   * hot path: a slow heartbeat would leave the polls too little lease ahead of them). Returns
   * the renewed keys with their generations.
   */
  async renew(keys: readonly string[], owner: string, until: number): Promise<Map<string, number>> {
    await this.ready;
    if (!keys.length) return new Map();
    const rows = await this.db
      .updateTable('cluster_leases')
      .set({ expires_at: until })
      .where('owner', '=', owner)
      .where('key', 'in', [...keys])
      .returning(['key', 'generation'])
      .execute();
    return new Map(rows.map((r) => [r.key, Number(r.generation)]));
  }

  /**
   * Give `key` up: nobody's from now on (RELEASED), takeable from `at` (a node's next owner
   * does not poll it before its next poll was due). Returns whether we still held it.
   */
  async release(key: string, owner: string, generation: number, at: number): Promise<boolean> {
    await this.ready;
    const r = await this.db
      .updateTable('cluster_leases')
      .set({ owner: RELEASED, expires_at: at })
      .where('key', '=', key)
      .where('owner', '=', owner)
      .where('generation', '=', generation)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /**
   * Whether `owner` still holds `key` at `generation` (the fence). Inside a transaction on
   * PostgreSQL the row is locked FOR SHARE until commit: a takeover's acquire waits for the
   * fenced write to commit, so no write of the old owner lands after the new owner's start.
   */
  async current(key: string, owner: string, generation: number, now: number): Promise<boolean> {
    await this.ready;
    let q = this.db.selectFrom('cluster_leases').select(['owner', 'generation', 'expires_at']).where('key', '=', key);
    if (this.store.kind === 'postgres') q = q.forShare();
    const r = await q.executeTakeFirst();
    return !!r && r.owner === owner && Number(r.generation) === generation && Number(r.expires_at) > now;
  }

  async list(): Promise<LeaseRow[]> {
    await this.ready;
    const rows = await this.db.selectFrom('cluster_leases').selectAll().execute();
    return rows.map((r) => ({ key: r.key, owner: r.owner, generation: Number(r.generation), expiresAt: Number(r.expires_at) }));
  }

  /** This replica is alive at `now` (insert on its first beat). */
  async heartbeat(r: { id: string; startedAt: number; url: string | null }, now: number): Promise<void> {
    await this.ready;
    await this.db
      .insertInto('cluster_replicas')
      .values({ id: r.id, started_at: r.startedAt, last_seen_at: now, url: r.url })
      .onConflict((oc) => oc.column('id').doUpdateSet({ last_seen_at: now, url: r.url }))
      .execute();
  }

  async replicas(): Promise<ReplicaRow[]> {
    await this.ready;
    const rows = await this.db.selectFrom('cluster_replicas').selectAll().orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, startedAt: Number(r.started_at), lastSeenAt: Number(r.last_seen_at), url: r.url }));
  }

  /** A replica stopping cleanly: its row goes (the others see it gone at once, not after the timeout). */
  async leave(id: string): Promise<void> {
    await this.ready;
    await this.db.deleteFrom('cluster_replicas').where('id', '=', id).execute();
  }

  /** Rows of replicas unseen since `before` (kept a while for the UI, not for ever). */
  async forget(before: number): Promise<void> {
    await this.ready;
    await this.db.deleteFrom('cluster_replicas').where('last_seen_at', '<', before).execute();
  }
}
