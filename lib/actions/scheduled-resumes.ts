import 'server-only';
// Persisted automatic resumes of time-boxed pauses (table in the audit component). A row is
// `pending` until the scheduler has resumed it (`done`), or until a later manual pause or
// resume of the same pattern supersedes it (`superseded`), or an operator cancels it.
import { migrate, type Db } from '@/lib/store/db';
import { AUDIT_MIGRATIONS } from '@/lib/audit/schema';
import type { ScheduledResume } from './types';

interface Row {
  id: number;
  audit_id: number;
  pattern: string;
  nodes: string;
  resume_at: number;
  scheduled_by: string;
}

const toResume = (r: Row): ScheduledResume => ({
  id: r.id,
  auditId: r.audit_id,
  pattern: r.pattern,
  nodes: JSON.parse(r.nodes) as string[],
  resumeAt: r.resume_at,
  scheduledBy: r.scheduled_by,
});

export class ScheduledResumes {
  constructor(readonly db: Db) {
    migrate(db, 'audit', AUDIT_MIGRATIONS);
  }

  add(s: { auditId: number; pattern: string; nodes: string[]; resumeAt: number; scheduledBy: string; now: number }): number {
    const r = this.db
      .prepare(`INSERT INTO scheduled_resumes (audit_id, pattern, nodes, resume_at, scheduled_by, state, updated_at) VALUES (?, ?, ?, ?, ?, 'pending', ?)`)
      .run(s.auditId, s.pattern, JSON.stringify(s.nodes), s.resumeAt, s.scheduledBy, s.now);
    return Number(r.lastInsertRowid);
  }

  pending(): ScheduledResume[] {
    return (this.db.prepare(`SELECT * FROM scheduled_resumes WHERE state = 'pending' ORDER BY resume_at, id`).all() as Row[]).map(toResume);
  }

  due(now: number): ScheduledResume[] {
    return (this.db.prepare(`SELECT * FROM scheduled_resumes WHERE state = 'pending' AND resume_at <= ? ORDER BY resume_at, id`).all(now) as Row[]).map(
      toResume,
    );
  }

  get(id: number): ScheduledResume | null {
    const r = this.db.prepare(`SELECT * FROM scheduled_resumes WHERE id = ?`).get(id) as Row | undefined;
    return r ? toResume(r) : null;
  }

  /** Only a pending row changes state; returns false when it had already left `pending`. */
  settle(id: number, state: 'done' | 'failed' | 'superseded' | 'cancelled', now: number, resultAuditId: number | null = null): boolean {
    return (
      this.db
        .prepare(`UPDATE scheduled_resumes SET state = ?, result_audit_id = ?, updated_at = ? WHERE id = ? AND state = 'pending'`)
        .run(state, resultAuditId, now, id).changes > 0
    );
  }

  /**
   * A manual pause or resume of a pattern on some nodes makes an earlier automatic resume of
   * the same pattern on those nodes wrong (it would undo the newer decision): drop those nodes
   * from it, and the whole row when none are left.
   */
  supersede(pattern: string, nodes: string[], now: number, byAuditId: number): void {
    const hit = new Set(nodes);
    const tx = this.db.transaction(() => {
      for (const r of this.pending().filter((p) => p.pattern === pattern)) {
        const left = r.nodes.filter((n) => !hit.has(n));
        if (left.length === r.nodes.length) continue;
        if (left.length) this.db.prepare(`UPDATE scheduled_resumes SET nodes = ?, updated_at = ? WHERE id = ?`).run(JSON.stringify(left), now, r.id);
        else this.settle(r.id, 'superseded', now, byAuditId);
      }
    });
    tx();
  }
}
