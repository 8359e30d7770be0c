import 'server-only';
// Alert state, silences and acknowledgements in the console's store, so a restart neither
// forgets a firing alert nor notifies it again. One active row (pending or firing) per rule and
// label set; resolved rows are the history, pruned after `alerts.historyDays`.
import { migrate, type Db, type Migration } from '@/lib/store/db';
import type { AlertRow, AlertState, SilenceMatcher, SilenceRow } from './types';

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'alerts, silences',
    up: (db) =>
      db.exec(`
        CREATE TABLE alerts (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          key TEXT NOT NULL,
          rule TEXT NOT NULL,
          severity TEXT NOT NULL,
          labels TEXT NOT NULL,
          state TEXT NOT NULL,
          active_since INTEGER NOT NULL,
          firing_since INTEGER,
          resolved_at INTEGER,
          clear_since INTEGER,
          last_eval_at INTEGER NOT NULL,
          value REAL NOT NULL,
          summary TEXT NOT NULL,
          link TEXT NOT NULL,
          acked_by TEXT,
          acked_at INTEGER,
          notified TEXT NOT NULL DEFAULT '{}'
        );
        CREATE UNIQUE INDEX alerts_active_key ON alerts(key) WHERE state IN ('pending', 'firing');
        CREATE INDEX alerts_state ON alerts(state, resolved_at);
        CREATE TABLE alert_silences (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          matchers TEXT NOT NULL,
          starts_at INTEGER NOT NULL,
          ends_at INTEGER NOT NULL,
          reason TEXT NOT NULL,
          created_by TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          expired_by TEXT,
          expired_at INTEGER
        );`),
  },
];

interface Row {
  id: number;
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
}

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
  constructor(readonly db: Db) {
    migrate(db, 'alerts', MIGRATIONS);
  }

  active(): AlertRow[] {
    return (this.db.prepare(`SELECT * FROM alerts WHERE state IN ('pending', 'firing') ORDER BY active_since`).all() as Row[]).map(toAlert);
  }

  resolved(since: number, limit: number): AlertRow[] {
    return (
      this.db.prepare(`SELECT * FROM alerts WHERE state = 'resolved' AND resolved_at >= ? ORDER BY resolved_at DESC LIMIT ?`).all(since, limit) as Row[]
    ).map(toAlert);
  }

  get(id: number): AlertRow | null {
    const r = this.db.prepare('SELECT * FROM alerts WHERE id = ?').get(id) as Row | undefined;
    return r ? toAlert(r) : null;
  }

  /** Insert (id 0) or update an alert row; returns its id. */
  save(a: AlertRow): number {
    const v = [
      a.key,
      a.rule,
      a.severity,
      JSON.stringify(a.labels),
      a.state,
      a.activeSince,
      a.firingSince,
      a.resolvedAt,
      a.clearSince,
      a.lastEvalAt,
      a.value,
      a.summary,
      a.link,
      a.ackedBy,
      a.ackedAt,
      JSON.stringify(Object.fromEntries(a.notified)),
    ];
    if (a.id) {
      this.db
        .prepare(
          `UPDATE alerts SET key=?, rule=?, severity=?, labels=?, state=?, active_since=?, firing_since=?, resolved_at=?, clear_since=?, last_eval_at=?, value=?, summary=?, link=?, acked_by=?, acked_at=?, notified=? WHERE id=?`,
        )
        .run(...v, a.id);
      return a.id;
    }
    const r = this.db
      .prepare(
        `INSERT INTO alerts (key, rule, severity, labels, state, active_since, firing_since, resolved_at, clear_since, last_eval_at, value, summary, link, acked_by, acked_at, notified) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
      )
      .run(...v);
    return Number(r.lastInsertRowid);
  }

  /** Pending alerts never fired: a cleared one leaves no history. */
  remove(id: number): void {
    this.db.prepare('DELETE FROM alerts WHERE id = ?').run(id);
  }

  ack(id: number, user: string, at: number): boolean {
    return this.db.prepare(`UPDATE alerts SET acked_by = ?, acked_at = ? WHERE id = ? AND state IN ('pending', 'firing')`).run(user, at, id).changes > 0;
  }

  prune(before: number): void {
    this.db.prepare(`DELETE FROM alerts WHERE state = 'resolved' AND resolved_at < ?`).run(before);
    this.db.prepare(`DELETE FROM alert_silences WHERE ends_at < ? OR expired_at < ?`).run(before, before);
  }

  addSilence(s: { matchers: SilenceMatcher[]; startsAt: number; endsAt: number; reason: string; createdBy: string; createdAt: number }): number {
    const r = this.db
      .prepare('INSERT INTO alert_silences (matchers, starts_at, ends_at, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(JSON.stringify(s.matchers), s.startsAt, s.endsAt, s.reason, s.createdBy, s.createdAt);
    return Number(r.lastInsertRowid);
  }

  expireSilence(id: number, user: string, at: number): boolean {
    return (
      this.db.prepare('UPDATE alert_silences SET expired_by = ?, expired_at = ? WHERE id = ? AND expired_at IS NULL AND ends_at > ?').run(user, at, id, at)
        .changes > 0
    );
  }

  /** Silences in force now, and those that ended in the last day (for the page). */
  silences(now: number): SilenceRow[] {
    const rows = this.db.prepare('SELECT * FROM alert_silences WHERE ends_at > ? ORDER BY created_at DESC LIMIT 500').all(now - 86_400_000) as {
      id: number;
      matchers: string;
      starts_at: number;
      ends_at: number;
      reason: string;
      created_by: string;
      created_at: number;
      expired_by: string | null;
      expired_at: number | null;
    }[];
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
