import 'server-only';
// The action ledger: what the console set and still intends (queue X paused by alice until
// 14:30 for "Gmail block", source IP disabled, job paused), compared with the live state on
// every poll. Drift — a console pause running again, a time-boxed pause still paused long
// after its end, a disabled source enabled elsewhere, a paused job running — is recorded with
// when it began and its likely cause: a changed `startupTime` names a PowerMTA restart (run-
// time pauses and disabled sources live in memory only), anything else a change outside the
// console (CLI, another tool).
import type { Db } from '@/lib/store/db';
import { migrate } from '@/lib/store/db';
import type { Fleet, FleetNode } from '@/lib/fleet/fleet';
import type { PollOutcome } from '@/lib/fleet/node-poller';
import type { ExecutedAction } from '@/lib/actions/types';
import { matchingRows } from '@/lib/actions/preview';
import { parseQueuePattern } from '@/lib/pmta/commands';
import { readJobs } from '@/lib/jobs/read-jobs';
import { LEDGER_MIGRATIONS } from './schema';
import type { Drift, Intent, IntentKind, LedgerResponse, RestoreBody } from './types';
import { serverLog } from '@/lib/log/logger';

interface Row {
  id: number;
  node: string;
  kind: IntentKind;
  target: string;
  ip: string;
  set_by: string;
  reason: string | null;
  audit_id: number;
  set_at: number;
  until: number | null;
  startup_time: string | null;
  drift_since: number | null;
  drift_detail: string | null;
  drift_cause: string | null;
  restart_suspected: number;
  checked_at: number | null;
}

/** A time-boxed pause still paused this long after its end is drift (its auto-resume failed). */
const RESUME_GRACE_MS = 2 * 60_000;

/** Does `outer` (a resume/enable pattern) cover the intent's `inner` `domain/vmta`? */
function covers(outer: string, inner: string): boolean {
  const [od = '*', ov = '*'] = outer.toLowerCase().split('/');
  const [id = '*', iv = '*'] = inner.toLowerCase().split('/');
  return (od === '*' || od === id) && (ov === '*' || ov === iv);
}

function restoreOf(r: Row, now: number): RestoreBody {
  if (r.kind === 'job-paused') return { action: 'pause-job', job: r.target, nodes: [r.node] };
  if (r.kind === 'source-disabled') return { action: 'disable-source', ip: r.ip, pattern: r.target, nodes: [r.node] };
  // Past its end a time-boxed pause is meant to be over: what is missing is the resume.
  return { action: r.until !== null && now > r.until ? 'resume' : 'pause', pattern: r.target, nodes: [r.node] };
}

function toIntent(r: Row, now: number): Intent {
  const drift: Drift | null =
    r.drift_since === null
      ? null
      : { since: r.drift_since, detail: r.drift_detail ?? '', cause: r.drift_cause ?? '', restartSuspected: r.restart_suspected === 1 };
  return {
    id: r.id,
    node: r.node,
    kind: r.kind,
    target: r.target,
    ip: r.ip || null,
    setBy: r.set_by,
    reason: r.reason,
    auditId: r.audit_id,
    setAt: r.set_at,
    until: r.until,
    startupTime: r.startup_time,
    drift,
    checkedAt: r.checked_at,
    restore: restoreOf(r, now),
  };
}

export class ActionLedger {
  private readonly busy = new Set<string>();
  private off: (() => void) | null = null;

  constructor(
    readonly db: Db,
    private readonly fleet: Fleet,
    private readonly now: () => number = Date.now,
  ) {
    migrate(db, 'ledger', LEDGER_MIGRATIONS);
  }

  /** Compare on every poll (started by the runtime). */
  attach(): () => void {
    this.off ??= this.fleet.onPoll((o) => this.check(o));
    return () => this.detach();
  }

  detach(): void {
    this.off?.();
    this.off = null;
  }

  /**
   * Called by the executors inside the audit transaction of every finished action. The ledger
   * is advisory and the audit log is the record: a ledger write that fails is logged, and never
   * takes the action's audit outcome down with it.
   */
  record(e: ExecutedAction): void {
    try {
      this.recordIntents(e);
    } catch (err) {
      serverLog().error({ err, auditId: e.auditId }, '[ledger] could not record an action');
    }
  }

  private recordIntents(e: ExecutedAction): void {
    for (const node of e.okNodes) {
      const startup = this.fleet.node(node)?.poller.snapshot.status?.startupTime ?? null;
      const set = (kind: IntentKind, target: string, ip: string, until: number | null) =>
        this.db
          .prepare(
            `INSERT INTO ledger_intents (node, kind, target, ip, set_by, reason, audit_id, set_at, until, startup_time)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (node, kind, target, ip) DO UPDATE SET set_by = excluded.set_by, reason = excluded.reason, audit_id = excluded.audit_id,
               set_at = excluded.set_at, until = excluded.until, startup_time = excluded.startup_time, drift_since = NULL, drift_detail = NULL,
               drift_cause = NULL, restart_suspected = 0`,
          )
          .run(node, kind, target, ip, e.user, e.reason, e.auditId, e.at, until, startup);
      const clear = (kind: IntentKind, test: (r: Row) => boolean) => {
        const rows = this.db.prepare(`SELECT * FROM ledger_intents WHERE node = ? AND kind = ?`).all(node, kind) as Row[];
        for (const r of rows) if (test(r)) this.db.prepare(`DELETE FROM ledger_intents WHERE id = ?`).run(r.id);
      };
      switch (e.action) {
        case 'pause':
          set('queue-paused', e.pattern, '', e.resumeAt);
          break;
        case 'resume':
          clear('queue-paused', (r) => covers(e.pattern, r.target));
          break;
        case 'pause-job':
          set('job-paused', e.job!, '', null);
          break;
        case 'resume-job':
          clear('job-paused', (r) => r.target === e.job);
          break;
        case 'disable-source':
          set('source-disabled', e.pattern, e.ip!.toLowerCase(), e.untilMs === null ? null : e.at + e.untilMs);
          break;
        case 'enable-source':
          clear('source-disabled', (r) => r.ip === e.ip!.toLowerCase() && covers(e.pattern, r.target));
          break;
        default:
          break; // retry, reset-backoff, delete, retry-recipients leave no lasting intent
      }
    }
  }

  list(node?: string): LedgerResponse {
    const rows = (
      node
        ? this.db.prepare(`SELECT * FROM ledger_intents WHERE node = ? ORDER BY set_at DESC, id DESC`).all(node)
        : this.db.prepare(`SELECT * FROM ledger_intents ORDER BY set_at DESC, id DESC`).all()
    ) as Row[];
    const now = this.now();
    const intents = rows.map((r) => toIntent(r, now));
    return { intents, drifting: intents.filter((i) => i.drift).length };
  }

  private setDrift(r: Row, node: FleetNode, detail: string | null, at: number): void {
    if (detail === null) {
      this.db
        .prepare(`UPDATE ledger_intents SET drift_since = NULL, drift_detail = NULL, drift_cause = NULL, restart_suspected = 0, checked_at = ? WHERE id = ?`)
        .run(at, r.id);
      return;
    }
    const live = node.poller.snapshot.status?.startupTime ?? null;
    const restarted = r.startup_time !== null && live !== null && live !== r.startup_time;
    const cause = restarted
      ? `PowerMTA on ${node.config.id} restarted (startupTime ${r.startup_time} → ${live}): run-time pauses and disabled sources do not survive a restart`
      : 'changed outside the console (PowerMTA command line or another tool)';
    this.db
      .prepare(
        `UPDATE ledger_intents SET drift_since = COALESCE(drift_since, ?), drift_detail = ?, drift_cause = ?, restart_suspected = ?, checked_at = ? WHERE id = ?`,
      )
      .run(at, detail, cause, restarted ? 1 : 0, at, r.id);
  }

  /** One poll's comparison for its node. Queue pauses from the snapshot; jobs and sources by asking. */
  check(o: PollOutcome): void {
    const node = this.fleet.node(o.nodeId);
    if (!node || !o.ok) return;
    const at = this.now();
    const rows = this.db.prepare(`SELECT * FROM ledger_intents WHERE node = ?`).all(o.nodeId) as Row[];
    const asks: Row[] = [];
    for (const r of rows) {
      if (r.kind === 'source-disabled' && r.until !== null && r.until <= at) {
        this.db.prepare(`DELETE FROM ledger_intents WHERE id = ?`).run(r.id); // PowerMTA re-enabled it, as asked
        continue;
      }
      if (r.kind === 'queue-paused') this.checkQueue(r, node, at);
      else asks.push(r);
    }
    if (asks.length && !this.busy.has(o.nodeId)) {
      this.busy.add(o.nodeId);
      void this.ask(asks, node).finally(() => this.busy.delete(o.nodeId));
    }
  }

  private checkQueue(r: Row, node: FleetNode, at: number): void {
    const t = node.poller.snapshot.queues;
    if (!t) return;
    const rows = matchingRows(t, parseQueuePattern(r.target));
    if (!rows.length) return this.setDrift(r, node, null, at); // no queue with mail: nothing to compare
    const running = rows.filter((i) => !t.isPaused(i));
    if (r.until !== null && at > r.until + RESUME_GRACE_MS) {
      const still = rows.length - running.length;
      return this.setDrift(r, node, still ? `${still} queue(s) still paused after the time-boxed pause ended (automatic resume failed?)` : null, at);
    }
    if (r.until !== null && at > r.until) return; // the resume is due: not drift yet
    this.setDrift(
      r,
      node,
      running.length
        ? `${running.length} of ${rows.length} queue(s) running again: ${running
            .slice(0, 5)
            .map((i) => t.names[i])
            .join(', ')}`
        : null,
      at,
    );
  }

  private async ask(rows: Row[], node: FleetNode): Promise<void> {
    let jobs: Awaited<ReturnType<typeof readJobs>> | undefined;
    for (const r of rows) {
      const at = this.now();
      try {
        if (r.kind === 'job-paused') {
          jobs ??= await readJobs(node.client);
          const j = jobs?.find((x) => x.id === r.target);
          this.setDrift(r, node, j && j.paused === false ? `job ${r.target} is not paused` : null, at);
        } else if (!r.target.includes('*')) {
          const d = await node.client.queueDetail(r.target);
          const listed = d.disabledSources.some((s) => s.ip.toLowerCase() === r.ip);
          this.setDrift(r, node, listed ? null : `${r.ip} is not disabled on ${r.target}`, at);
        }
      } catch {
        // The node did not answer: unknown, not drift (the node's health says it is down).
      }
    }
  }
}
