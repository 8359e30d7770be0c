import 'server-only';
// The audit log: one row per action, inserted (state `started`) before any command leaves
// and updated with the outcome afterwards. Once a call here resolves the row is committed —
// on SQLite (WAL) it survives a crash of the console, on PostgreSQL it is on the server — so
// an action can leave a `started` row (turned `incomplete` at the next start-up), never no
// row at all.
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { ConsoleStore } from '@/lib/store/store';
import type { StoreTables } from '@/lib/store/sql';
import { splitQueueName } from '@/lib/pmta/queue-name';
import { ChangeCounter } from '@/lib/events/change-counter';
import { AUDIT_MIGRATIONS, type AuditTables } from './schema';
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

type Row = Selectable<AuditTables['audit_entries']>;

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

const toAnnotation = (e: AuditEntry): AuditAnnotation => ({ at: e.at, user: e.user, action: e.action, pattern: e.pattern, nodes: e.nodes });

export class AuditLog {
  private readonly ready: Promise<void>;

  /** The caller's transaction, if any (ConsoleStore.transaction), else the store. */
  private get db(): Kysely<StoreTables & AuditTables> {
    return this.store.query().withTables<AuditTables>();
  }

  /** Bumped after every write (the change feed's `audit` kind, lib/events/sources.ts). */
  readonly changes = new ChangeCounter();

  constructor(
    readonly store: ConsoleStore,
    /** Mark of this log (one per console process: its replica id) on the rows it starts (see markAbandoned). */
    readonly owner: string = randomUUID(),
  ) {
    this.ready = store.migrate('audit', AUDIT_MIGRATIONS);
  }

  /** Committed before it resolves: call it before sending anything. */
  async start(s: AuditStart): Promise<number> {
    await this.ready;
    const { domain, vmta } = splitQueueName(s.pattern);
    const r = await this.db
      .insertInto('audit_entries')
      .values({
        at: s.at,
        user: s.user,
        client_address: s.clientAddress,
        action: s.action,
        pattern: s.pattern,
        domain: domain.toLowerCase(),
        vmta,
        command: s.command,
        nodes: JSON.stringify(s.nodes),
        reason: s.reason,
        resume_at: s.resumeAt,
        state: 'started',
        owner: this.owner,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    this.changes.bump();
    return r.id;
  }

  /** Record the nodes' replies as soon as they are in, before verification (still `started`). */
  async recordResults(id: number, results: AuditNodeResult[]): Promise<void> {
    await this.ready;
    await this.db
      .updateTable('audit_entries')
      .set({ results: JSON.stringify(results) })
      .where('id', '=', id)
      .execute();
    this.changes.bump();
  }

  async finish(id: number, state: Exclude<AuditState, 'started' | 'incomplete'>, results: AuditNodeResult[], at: number): Promise<void> {
    await this.ready;
    await this.db
      .updateTable('audit_entries')
      .set({ state, results: JSON.stringify(results), finished_at: at })
      .where('id', '=', id)
      .execute();
    this.changes.bump();
  }

  /**
   * Rows still `started` that another process wrote belong to a console that stopped
   * mid-action (one console per database file): mark them `incomplete` (their nodes may or may
   * not have run the command), whatever their age. Rows of this process are left alone: they
   * are still in flight; so are those of `alsoLive`, the other replicas alive on a shared store.
   */
  async markAbandoned(now: number, alsoLive: readonly string[] = []): Promise<number> {
    await this.ready;
    const keep = [this.owner, ...alsoLive];
    const r = await this.db
      .updateTable('audit_entries')
      .set({ state: 'incomplete', finished_at: now })
      .where('state', '=', 'started')
      .where((eb) => eb.or([eb('owner', 'is', null), eb('owner', 'not in', keep)]))
      .executeTakeFirst();
    if (r.numUpdatedRows > 0n) this.changes.bump();
    return Number(r.numUpdatedRows);
  }

  async get(id: number): Promise<AuditEntry | null> {
    await this.ready;
    const r = await this.db.selectFrom('audit_entries').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toEntry(r) : null;
  }

  private listQuery(f: AuditFilter) {
    let q = this.db.selectFrom('audit_entries').selectAll();
    if (f.from !== undefined) q = q.where('at', '>=', f.from);
    if (f.to !== undefined) q = q.where('at', '<=', f.to);
    if (f.user) q = q.where('user', '=', f.user);
    if (f.domain) q = q.where('domain', 'in', [f.domain.toLowerCase(), '*']);
    if (f.beforeId !== undefined) q = q.where('id', '<', f.beforeId);
    const limit = Math.min(Math.max(f.limit ?? 100, 1), 100_000);
    return q.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit);
  }

  async list(f: AuditFilter = {}): Promise<AuditEntry[]> {
    await this.ready;
    return (await this.listQuery(f).execute()).map(toEntry);
  }

  /**
   * Actions that can touch `domain` in [from, to], oldest first, for chart annotations: the
   * source for history on both backends (annotationsNow goes once history awaits this).
   */
  async annotations(q: { domain?: string; from: number; to: number }): Promise<AuditAnnotation[]> {
    return (await this.list({ domain: q.domain, from: q.from, to: q.to, limit: 10_000 })).reverse().map(toAnnotation);
  }

  /** Every user name that appears in the log (filter choices on the audit page). */
  async users(): Promise<string[]> {
    await this.ready;
    const rows = await this.db.selectFrom('audit_entries').select('user').distinct().orderBy('user').execute();
    return rows.map((r) => r.user);
  }
}
