import 'server-only';
// The audit log: one row per action, inserted (state `started`) before any command leaves
// and updated with the outcome afterwards. better-sqlite3 writes synchronously and the
// database runs in WAL mode, so once a call here returns the row survives a crash of the
// console: an action can leave a `started` row (turned `incomplete` at the next start-up),
// never no row at all.
import { randomUUID } from 'node:crypto';
import { migrate, type Db } from '@/lib/store/db';
import { splitQueueName } from '@/lib/pmta/queue-name';
import { AUDIT_MIGRATIONS } from './schema';
import type { AuditAction, AuditAnnotation, AuditEntry, AuditNodeResult, AuditStart, AuditState } from './types';

export type { AuditStart } from './types';

export interface AuditFilter {
  from?: number;
  to?: number;
  user?: string;
  /** Entries whose pattern can touch this domain (its own and `*` patterns). */
  domain?: string;
  limit?: number;
  /** Entries with id below this (paging backwards). */
  beforeId?: number;
}

interface Row {
  id: number;
  at: number;
  user: string;
  client_address: string;
  action: string;
  pattern: string;
  command: string;
  nodes: string;
  reason: string | null;
  resume_at: number | null;
  state: string;
  results: string;
  finished_at: number | null;
}

function toEntry(r: Row): AuditEntry {
  return {
    id: r.id,
    at: r.at,
    user: r.user,
    clientAddress: r.client_address,
    action: r.action as AuditAction,
    pattern: r.pattern,
    command: r.command,
    nodes: JSON.parse(r.nodes) as string[],
    reason: r.reason,
    resumeAt: r.resume_at,
    state: r.state as AuditState,
    results: JSON.parse(r.results) as AuditNodeResult[],
    finishedAt: r.finished_at,
  };
}

export class AuditLog {
  /** Mark of this log (one per console process) on the rows it starts (see markAbandoned). */
  readonly owner = randomUUID();

  constructor(readonly db: Db) {
    migrate(db, 'audit', AUDIT_MIGRATIONS);
  }

  /** Durable before it returns: call it before sending anything. */
  start(s: AuditStart): number {
    const { domain, vmta } = splitQueueName(s.pattern);
    const r = this.db
      .prepare(
        `INSERT INTO audit_entries (at, user, client_address, action, pattern, domain, vmta, command, nodes, reason, resume_at, state, owner)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'started', ?)`,
      )
      .run(
        s.at,
        s.user,
        s.clientAddress,
        s.action,
        s.pattern,
        domain.toLowerCase(),
        vmta,
        s.command,
        JSON.stringify(s.nodes),
        s.reason,
        s.resumeAt,
        this.owner,
      );
    return Number(r.lastInsertRowid);
  }

  /** Record the nodes' replies as soon as they are in, before verification (still `started`). */
  recordResults(id: number, results: AuditNodeResult[]): void {
    this.db.prepare(`UPDATE audit_entries SET results = ? WHERE id = ?`).run(JSON.stringify(results), id);
  }

  finish(id: number, state: Exclude<AuditState, 'started' | 'incomplete'>, results: AuditNodeResult[], at: number): void {
    this.db.prepare(`UPDATE audit_entries SET state = ?, results = ?, finished_at = ? WHERE id = ?`).run(state, JSON.stringify(results), at, id);
  }

  /**
   * Rows still `started` that another process wrote belong to a console that stopped
   * mid-action (one console per database file): mark them `incomplete` (their nodes may or may
   * not have run the command), whatever their age. Rows of this process are left alone: they
   * are still in flight.
   */
  markAbandoned(now: number): number {
    return this.db
      .prepare(`UPDATE audit_entries SET state = 'incomplete', finished_at = ? WHERE state = 'started' AND (owner IS NULL OR owner <> ?)`)
      .run(now, this.owner).changes;
  }

  get(id: number): AuditEntry | null {
    const r = this.db.prepare('SELECT * FROM audit_entries WHERE id = ?').get(id) as Row | undefined;
    return r ? toEntry(r) : null;
  }

  list(f: AuditFilter = {}): AuditEntry[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    const add = (sql: string, v: string | number | undefined) => {
      if (v === undefined || v === '') return;
      where.push(sql);
      args.push(v);
    };
    add('at >= ?', f.from);
    add('at <= ?', f.to);
    add('user = ?', f.user);
    add("domain IN (?, '*')", f.domain?.toLowerCase());
    add('id < ?', f.beforeId);
    const limit = Math.min(Math.max(f.limit ?? 100, 1), 100_000);
    const sql = `SELECT * FROM audit_entries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...args, limit) as Row[]).map(toEntry);
  }

  /** Actions that can touch `domain` in [from, to], oldest first, for chart annotations. */
  annotations(q: { domain?: string; from: number; to: number }): AuditAnnotation[] {
    return this.list({ domain: q.domain, from: q.from, to: q.to, limit: 10_000 })
      .reverse()
      .map((e) => ({ at: e.at, user: e.user, action: e.action, pattern: e.pattern, nodes: e.nodes }));
  }

  /** Every user name that appears in the log (filter choices on the audit page). */
  users(): string[] {
    return (this.db.prepare('SELECT DISTINCT user FROM audit_entries ORDER BY user').all() as { user: string }[]).map((r) => r.user);
  }
}
