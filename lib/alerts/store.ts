import 'server-only';
// Alert state, silences and acknowledgements in the console's store, so a restart neither
// forgets a firing alert nor notifies it again. One active row (pending or firing) per rule and
// label set; resolved rows are the history, pruned after `alerts.historyDays`. On both backends
// (lib/store/sql.ts).
import type { Generated, Kysely, Selectable } from 'kysely';
import type { ConsoleStore } from '@/lib/store/store';
import { columnTypes, type SqlMigration, type StoreTables } from '@/lib/store/sql';
import type { AlertRow, AlertState, SilenceMatcher, SilenceRow } from './types';

const MIGRATIONS: SqlMigration[] = [
  {
    version: 1,
    description: 'alerts, silences',
    up: (d) => {
      const t = columnTypes(d);
      return [
        `CREATE TABLE alerts (
          id ${t.id},
          key TEXT NOT NULL,
          rule TEXT NOT NULL,
          severity TEXT NOT NULL,
          labels TEXT NOT NULL,
          state TEXT NOT NULL,
          active_since ${t.int} NOT NULL,
          firing_since ${t.int},
          resolved_at ${t.int},
          clear_since ${t.int},
          last_eval_at ${t.int} NOT NULL,
          value ${t.real} NOT NULL,
          summary TEXT NOT NULL,
          link TEXT NOT NULL,
          acked_by TEXT,
          acked_at ${t.int},
          notified TEXT NOT NULL DEFAULT '{}'
        )`,
        "CREATE UNIQUE INDEX alerts_active_key ON alerts(key) WHERE state IN ('pending', 'firing')",
        'CREATE INDEX alerts_state ON alerts(state, resolved_at)',
        `CREATE TABLE alert_silences (
          id ${t.id},
          matchers TEXT NOT NULL,
          starts_at ${t.int} NOT NULL,
          ends_at ${t.int} NOT NULL,
          reason TEXT NOT NULL,
          created_by TEXT NOT NULL,
          created_at ${t.int} NOT NULL,
          expired_by TEXT,
          expired_at ${t.int}
        )`,
      ];
    },
  },
];

type AlertTables = {
  alerts: {
    id: Generated<number>;
    key: string;
    rule: string;
    severity: string;
    labels: string;
    state: string;
    active_since: number;
    firing_since: number | null;
    resolved_at: number | null;
    clear_since: number | null;
    last_eval_at: number;
    value: number;
    summary: string;
    link: string;
    acked_by: string | null;
    acked_at: number | null;
    notified: string;
  };
  alert_silences: {
    id: Generated<number>;
    matchers: string;
    starts_at: number;
    ends_at: number;
    reason: string;
    created_by: string;
    created_at: number;
    expired_by: string | null;
    expired_at: number | null;
  };
};

type Row = Selectable<AlertTables['alerts']>;

function toAlert(r: Row): AlertRow {
  return {
    id: r.id,
    key: r.key,
    rule: r.rule,
    severity: r.severity as AlertRow['severity'],
    labels: JSON.parse(r.labels) as Record<string, string>,
    state: r.state as AlertState,
    activeSince: r.active_since,
    firingSince: r.firing_since,
    resolvedAt: r.resolved_at,
    clearSince: r.clear_since,
    lastEvalAt: r.last_eval_at,
    value: r.value,
    summary: r.summary,
    link: r.link,
    ackedBy: r.acked_by,
    ackedAt: r.acked_at,
    notified: new Map(Object.entries(JSON.parse(r.notified) as Record<string, number>)),
  };
}

export class AlertStore {
  private readonly ready: Promise<void>;

  constructor(readonly store: ConsoleStore) {
    this.ready = store.migrate('alerts', MIGRATIONS);
  }

  /** The caller's transaction, if any (ConsoleStore.transaction), else the store. */
  private get db(): Kysely<StoreTables & AlertTables> {
    return this.store.query().withTables<AlertTables>();
  }

  async active(): Promise<AlertRow[]> {
    await this.ready;
    return (await this.db.selectFrom('alerts').selectAll().where('state', 'in', ['pending', 'firing']).orderBy('active_since').execute()).map(toAlert);
  }

  async resolved(since: number, limit: number): Promise<AlertRow[]> {
    await this.ready;
    const rows = await this.db
      .selectFrom('alerts')
      .selectAll()
      .where('state', '=', 'resolved')
      .where('resolved_at', '>=', since)
      .orderBy('resolved_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toAlert);
  }

  async get(id: number): Promise<AlertRow | null> {
    await this.ready;
    const r = await this.db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toAlert(r) : null;
  }

  /** Insert (id 0) or update an alert row; returns its id. */
  async save(a: AlertRow): Promise<number> {
    await this.ready;
    const v = {
      key: a.key,
      rule: a.rule,
      severity: a.severity,
      labels: JSON.stringify(a.labels),
      state: a.state,
      active_since: a.activeSince,
      firing_since: a.firingSince,
      resolved_at: a.resolvedAt,
      clear_since: a.clearSince,
      last_eval_at: a.lastEvalAt,
      value: a.value,
      summary: a.summary,
      link: a.link,
      acked_by: a.ackedBy,
      acked_at: a.ackedAt,
      notified: JSON.stringify(Object.fromEntries(a.notified)),
    };
    if (a.id) {
      await this.db.updateTable('alerts').set(v).where('id', '=', a.id).execute();
      return a.id;
    }
    return (await this.db.insertInto('alerts').values(v).returning('id').executeTakeFirstOrThrow()).id;
  }

  /** Pending alerts never fired: a cleared one leaves no history. */
  async remove(id: number): Promise<void> {
    await this.ready;
    await this.db.deleteFrom('alerts').where('id', '=', id).execute();
  }

  async ack(id: number, user: string, at: number): Promise<boolean> {
    await this.ready;
    const r = await this.db
      .updateTable('alerts')
      .set({ acked_by: user, acked_at: at })
      .where('id', '=', id)
      .where('state', 'in', ['pending', 'firing'])
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  async prune(before: number): Promise<void> {
    await this.ready;
    await this.db.deleteFrom('alerts').where('state', '=', 'resolved').where('resolved_at', '<', before).execute();
    await this.db
      .deleteFrom('alert_silences')
      .where((eb) => eb.or([eb('ends_at', '<', before), eb('expired_at', '<', before)]))
      .execute();
  }

  async addSilence(s: { matchers: SilenceMatcher[]; startsAt: number; endsAt: number; reason: string; createdBy: string; createdAt: number }): Promise<number> {
    await this.ready;
    const r = await this.db
      .insertInto('alert_silences')
      .values({
        matchers: JSON.stringify(s.matchers),
        starts_at: s.startsAt,
        ends_at: s.endsAt,
        reason: s.reason,
        created_by: s.createdBy,
        created_at: s.createdAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }

  async expireSilence(id: number, user: string, at: number): Promise<boolean> {
    await this.ready;
    const r = await this.db
      .updateTable('alert_silences')
      .set({ expired_by: user, expired_at: at })
      .where('id', '=', id)
      .where('expired_at', 'is', null)
      .where('ends_at', '>', at)
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  /** Silences in force now, and those that ended in the last day (for the page). */
  async silences(now: number): Promise<SilenceRow[]> {
    await this.ready;
    const rows = await this.db
      .selectFrom('alert_silences')
      .selectAll()
      .where('ends_at', '>', now - 86_400_000)
      .orderBy('created_at', 'desc')
      .limit(500)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      matchers: JSON.parse(r.matchers) as SilenceMatcher[],
      startsAt: r.starts_at,
      endsAt: r.expired_at ?? r.ends_at,
      reason: r.reason,
      createdBy: r.created_by,
      createdAt: r.created_at,
      expiredBy: r.expired_by,
      active: r.expired_at === null && r.starts_at <= now && r.ends_at > now,
    }));
  }
}
