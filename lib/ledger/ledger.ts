import 'server-only';
// The action ledger: what the console set and still intends (queue X paused by alice until
// 14:30 for "Gmail block", source IP disabled, job paused), compared with the live state on
// every poll. Drift — a console pause running again, a time-boxed pause still paused long
// after its end, a disabled source enabled elsewhere, a paused job running — is recorded with
// when it began and its likely cause: a changed `startupTime` names a PowerMTA restart (run-
// time pauses and disabled sources live in memory only), anything else a change outside the
// console (CLI, another tool).
import { sql, type Kysely, type Selectable } from 'kysely';
import type { ConsoleStore } from '@/lib/store/store';
import type { StoreTables } from '@/lib/store/sql';
import type { Fleet, FleetNode } from '@/lib/fleet/fleet';
import type { PollOutcome } from '@/lib/fleet/node-poller';
import type { ExecutedAction } from '@/lib/actions/types';
import { matchingRows } from '@/lib/actions/preview';
import { parseQueuePattern } from '@/lib/pmta/commands';
import { readJobs } from '@/lib/jobs/read-jobs';
import { LEDGER_MIGRATIONS, type LedgerTables } from './schema';
import type { Drift, Intent, IntentKind, LedgerResponse, RestoreBody } from './types';
import { serverLog } from '@/lib/log/logger';

type Row = Omit<Selectable<LedgerTables['ledger_intents']>, 'kind'> & { kind: IntentKind };

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
  private readonly ready: Promise<void>;
  /** Per node, the comparison in flight: the next poll's waits for it (no two write one row at once). */
  private readonly checking = new Map<string, Promise<void>>();
  /** Comparisons and node questions in flight (settled()). */
  private readonly inFlight = new Set<Promise<void>>();

  /** The caller's transaction, if any (ConsoleStore.transaction), else the store. */
  private get db(): Kysely<StoreTables & LedgerTables> {
    return this.store.query().withTables<LedgerTables>();
  }

  constructor(
    readonly store: ConsoleStore,
    private readonly fleet: Fleet,
    private readonly now: () => number = Date.now,
  ) {
    this.ready = store.migrate('ledger', LEDGER_MIGRATIONS);
  }

  /** Compare on every poll (started by the runtime). */
  attach(): () => void {
    this.off ??= this.fleet.onPoll((o) => {
      const before = this.checking.get(o.nodeId) ?? Promise.resolve();
      const next = before.then(() => this.check(o)).catch((err: unknown) => serverLog().error({ err, node: o.nodeId }, '[ledger] could not compare a poll'));
      this.checking.set(o.nodeId, next);
      this.track(next);
      void next.then(() => {
        if (this.checking.get(o.nodeId) === next) this.checking.delete(o.nodeId);
      });
    });
    return () => this.detach();
  }

  detach(): void {
    this.off?.();
    this.off = null;
  }

  /** Resolves when every comparison started so far (and the node questions they asked) is done. */
  async settled(): Promise<void> {
    while (this.inFlight.size) await Promise.all(this.inFlight);
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  /**
   * Called by the executors inside the audit transaction of every finished action, so the
   * intents commit with the action's outcome and schedules. The ledger is advisory and the
   * audit log is the record: a ledger write that fails is logged, and never takes the action's
   * audit outcome down with it — it runs under a savepoint (on PostgreSQL a failed statement
   * would otherwise abort the whole transaction), rolled back on failure.
   */
  async record(e: ExecutedAction): Promise<void> {
    try {
      await this.ready;
      await this.store.transaction(async () => {
        const db = this.store.query();
        await sql`SAVEPOINT ledger_record`.execute(db);
        try {
          await this.recordIntents(e);
        } catch (err) {
          await sql`ROLLBACK TO SAVEPOINT ledger_record`.execute(db);
          throw err;
        }
        await sql`RELEASE SAVEPOINT ledger_record`.execute(db);
      });
    } catch (err) {
      serverLog().error({ err, auditId: e.auditId }, '[ledger] could not record an action');
    }
  }

  private async recordIntents(e: ExecutedAction): Promise<void> {
    for (const node of e.okNodes) {
      const startup = this.fleet.node(node)?.poller.snapshot.status?.startupTime ?? null;
      const set = (kind: IntentKind, target: string, ip: string, until: number | null) =>
        this.db
          .insertInto('ledger_intents')
          .values({ node, kind, target, ip, set_by: e.user, reason: e.reason, audit_id: e.auditId, set_at: e.at, until, startup_time: startup })
          .onConflict((oc) =>
            oc.columns(['node', 'kind', 'target', 'ip']).doUpdateSet((eb) => ({
              set_by: eb.ref('excluded.set_by'),
              reason: eb.ref('excluded.reason'),
              audit_id: eb.ref('excluded.audit_id'),
              set_at: eb.ref('excluded.set_at'),
              until: eb.ref('excluded.until'),
              startup_time: eb.ref('excluded.startup_time'),
              drift_since: null,
              drift_detail: null,
              drift_cause: null,
              restart_suspected: 0,
            })),
          )
          .execute();
      const clear = async (kind: IntentKind, test: (r: Row) => boolean) => {
        const rows = (await this.db.selectFrom('ledger_intents').selectAll().where('node', '=', node).where('kind', '=', kind).execute()) as Row[];
        const ids = rows.filter(test).map((r) => r.id);
        if (ids.length) await this.db.deleteFrom('ledger_intents').where('id', 'in', ids).execute();
      };
      switch (e.action) {
        case 'pause':
          await set('queue-paused', e.pattern, '', e.resumeAt);
          break;
        case 'resume':
          await clear('queue-paused', (r) => covers(e.pattern, r.target));
          break;
        case 'pause-job':
          await set('job-paused', e.job!, '', null);
          break;
        case 'resume-job':
          await clear('job-paused', (r) => r.target === e.job);
          break;
        case 'disable-source':
          await set('source-disabled', e.pattern, e.ip!.toLowerCase(), e.untilMs === null ? null : e.at + e.untilMs);
          break;
        case 'enable-source':
          await clear('source-disabled', (r) => r.ip === e.ip!.toLowerCase() && covers(e.pattern, r.target));
          break;
        default:
          break; // retry, reset-backoff, delete, retry-recipients leave no lasting intent
      }
    }
  }

  async list(node?: string): Promise<LedgerResponse> {
    await this.ready;
    let q = this.db.selectFrom('ledger_intents').selectAll();
    if (node) q = q.where('node', '=', node);
    const rows = (await q.orderBy('set_at', 'desc').orderBy('id', 'desc').execute()) as Row[];
    const now = this.now();
    const intents = rows.map((r) => toIntent(r, now));
    return { intents, drifting: intents.filter((i) => i.drift).length };
  }

  private async setDrift(r: Row, node: FleetNode, detail: string | null, at: number): Promise<void> {
    if (detail === null) {
      await this.db
        .updateTable('ledger_intents')
        .set({ drift_since: null, drift_detail: null, drift_cause: null, restart_suspected: 0, checked_at: at })
        .where('id', '=', r.id)
        .execute();
      return;
    }
    const live = node.poller.snapshot.status?.startupTime ?? null;
    const restarted = r.startup_time !== null && live !== null && live !== r.startup_time;
    const cause = restarted
      ? `PowerMTA on ${node.config.id} restarted (startupTime ${r.startup_time} → ${live}): run-time pauses and disabled sources do not survive a restart`
      : 'changed outside the console (PowerMTA command line or another tool)';
    await this.db
      .updateTable('ledger_intents')
      .set((eb) => ({
        drift_since: eb.fn.coalesce('drift_since', eb.val(at)),
        drift_detail: detail,
        drift_cause: cause,
        restart_suspected: restarted ? 1 : 0,
        checked_at: at,
      }))
      .where('id', '=', r.id)
      .execute();
  }

  /** One poll's comparison for its node. Queue pauses from the snapshot; jobs and sources by asking. */
  async check(o: PollOutcome): Promise<void> {
    const node = this.fleet.node(o.nodeId);
    if (!node || !o.ok) return;
    await this.ready;
    const at = this.now();
    const rows = (await this.db.selectFrom('ledger_intents').selectAll().where('node', '=', o.nodeId).execute()) as Row[];
    const asks: Row[] = [];
    for (const r of rows) {
      if (r.kind === 'source-disabled' && r.until !== null && r.until <= at) {
        await this.db.deleteFrom('ledger_intents').where('id', '=', r.id).execute(); // PowerMTA re-enabled it, as asked
        continue;
      }
      if (r.kind === 'queue-paused') await this.checkQueue(r, node, at);
      else asks.push(r);
    }
    if (asks.length && !this.busy.has(o.nodeId)) {
      this.busy.add(o.nodeId);
      this.track(this.ask(asks, node).finally(() => this.busy.delete(o.nodeId)));
    }
  }

  private async checkQueue(r: Row, node: FleetNode, at: number): Promise<void> {
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
    return this.setDrift(
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
      let detail: string | null | undefined;
      try {
        if (r.kind === 'job-paused') {
          jobs ??= await readJobs(node.client);
          const j = jobs?.find((x) => x.id === r.target);
          detail = j && j.paused === false ? `job ${r.target} is not paused` : null;
        } else if (!r.target.includes('*')) {
          const d = await node.client.queueDetail(r.target);
          const listed = d.disabledSources.some((s) => s.ip.toLowerCase() === r.ip);
          detail = listed ? null : `${r.ip} is not disabled on ${r.target}`;
        }
      } catch {
        // The node did not answer: unknown, not drift (the node's health says it is down).
        continue;
      }
      if (detail === undefined) continue;
      try {
        await this.setDrift(r, node, detail, at);
      } catch (err) {
        serverLog().error({ err, node: node.config.id }, '[ledger] could not record drift');
      }
    }
  }
}
