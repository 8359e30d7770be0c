import 'server-only';
// Persisted automatic resumes of time-boxed pauses (table in the audit component). A row is
// `pending` until the scheduler has resumed it (`done`), or until a later manual pause or
// resume of the same pattern supersedes it (`superseded`), or an operator cancels it.
import type { Kysely, Selectable } from 'kysely';
import type { ConsoleStore } from '@/lib/store/store';
import type { StoreTables } from '@/lib/store/sql';
import { AUDIT_MIGRATIONS, type AuditTables } from '@/lib/audit/schema';
import type { ScheduledResume } from './types';

type Row = Selectable<AuditTables['scheduled_resumes']>;

const toResume = (r: Row): ScheduledResume => ({
  id: r.id,
  auditId: r.audit_id,
  pattern: r.pattern,
  nodes: JSON.parse(r.nodes) as string[],
  resumeAt: r.resume_at,
  scheduledBy: r.scheduled_by,
});

export class ScheduledResumes {
  private readonly ready: Promise<void>;

  /** The caller's transaction, if any (ConsoleStore.transaction), else the store. */
  private get db(): Kysely<StoreTables & AuditTables> {
    return this.store.query().withTables<AuditTables>();
  }

  constructor(readonly store: ConsoleStore) {
    this.ready = store.migrate('audit', AUDIT_MIGRATIONS);
  }

  async add(s: { auditId: number; pattern: string; nodes: string[]; resumeAt: number; scheduledBy: string; now: number }): Promise<number> {
    await this.ready;
    const r = await this.db
      .insertInto('scheduled_resumes')
      .values({
        audit_id: s.auditId,
        pattern: s.pattern,
        nodes: JSON.stringify(s.nodes),
        resume_at: s.resumeAt,
        scheduled_by: s.scheduledBy,
        state: 'pending',
        updated_at: s.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }

  async pending(): Promise<ScheduledResume[]> {
    await this.ready;
    const rows = await this.db.selectFrom('scheduled_resumes').selectAll().where('state', '=', 'pending').orderBy('resume_at').orderBy('id').execute();
    return rows.map(toResume);
  }

  async due(now: number): Promise<ScheduledResume[]> {
    await this.ready;
    const rows = await this.db
      .selectFrom('scheduled_resumes')
      .selectAll()
      .where('state', '=', 'pending')
      .where('resume_at', '<=', now)
      .orderBy('resume_at')
      .orderBy('id')
      .execute();
    return rows.map(toResume);
  }

  async get(id: number): Promise<ScheduledResume | null> {
    await this.ready;
    const r = await this.db.selectFrom('scheduled_resumes').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toResume(r) : null;
  }

  /** Only a pending row changes state; returns false when it had already left `pending`. */
  async settle(id: number, state: 'done' | 'failed' | 'superseded' | 'cancelled', now: number, resultAuditId: number | null = null): Promise<boolean> {
    await this.ready;
    return settleIn(this.db, id, state, now, resultAuditId);
  }

  /**
   * A manual pause or resume of a pattern on some nodes makes an earlier automatic resume of
   * the same pattern on those nodes wrong (it would undo the newer decision): drop those nodes
   * from it, and the whole row when none are left. One transaction (on PostgreSQL the rows are
   * locked, so two replicas superseding at once cannot lose a node).
   */
  async supersede(pattern: string, nodes: string[], now: number, byAuditId: number): Promise<void> {
    await this.ready;
    const hit = new Set(nodes);
    await this.store.transaction(async () => {
      const trx = this.db;
      let q = trx.selectFrom('scheduled_resumes').selectAll().where('state', '=', 'pending').where('pattern', '=', pattern).orderBy('id');
      if (this.store.kind === 'postgres') q = q.forUpdate();
      for (const r of (await q.execute()).map(toResume)) {
        const left = r.nodes.filter((n) => !hit.has(n));
        if (left.length === r.nodes.length) continue;
        if (left.length)
          await trx
            .updateTable('scheduled_resumes')
            .set({ nodes: JSON.stringify(left), updated_at: now })
            .where('id', '=', r.id)
            .execute();
        else await settleIn(trx, r.id, 'superseded', now, byAuditId);
      }
    });
  }
}

async function settleIn(db: Kysely<StoreTables & AuditTables>, id: number, state: string, now: number, resultAuditId: number | null): Promise<boolean> {
  const r = await db
    .updateTable('scheduled_resumes')
    .set({ state, result_audit_id: resultAuditId, updated_at: now })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}
