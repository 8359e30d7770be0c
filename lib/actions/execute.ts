import 'server-only';
// Runs one queue action: validate, audit (durable before anything is sent), send to every
// target node in parallel, record the replies, verify by re-polling, then complete the audit
// record. One node's failure never hides another's success: every node gets its own result.
import { DomainError } from '@/lib/domain-error';
import type { AuditLog } from '@/lib/audit/audit-log';
import type { AuditNodeResult, AuditState } from '@/lib/audit/types';
import type { Fleet, FleetNode } from '@/lib/fleet/fleet';
import type { QueueAction } from '@/lib/pmta/commands';
import type { SafeCommand } from '@/lib/pmta/commands';
import { isWildcard, parseTarget } from './preview';
import { MAX_PAUSE_MS } from './request-schema';
import type { ScheduledResumes } from './scheduled-resumes';
import { nodeAvailability, notSentResult, resolveNodes, sendTargets, type NodeDown } from './targets';
import type { ActionResponse, ExecutedAction } from './types';
import { verifyNode } from './verify';
import { errorKind } from '@/lib/pmta/errors';
import { isStoreError, type StoreHealth } from '@/lib/store/health';

export interface ActionDeps {
  fleet: Fleet;
  audit: AuditLog;
  resumes: ScheduledResumes;
  /** Clock for audit times and schedules (tests inject one). */
  now?: () => number;
  /** Told of every finished action inside its audit transaction (the action ledger, lib/ledger). */
  onExecuted?: (e: ExecutedAction) => void | Promise<void>;
  /** The store's health: no action is sent while no audit record can be written. */
  storeHealth?: Pick<StoreHealth, 'current' | 'probe' | 'failed'>;
}

const NO_AUDIT = 'the store is unavailable, so no audit record can be written and no action is sent';

export interface ActionInput {
  action: QueueAction;
  pattern: string;
  nodes: 'all' | string[];
  /** Stale or down nodes to send to anyway (the others are left out, see targets.ts). */
  includeDown?: readonly string[];
  reason?: string | null;
  /** Pause only: automatic resume time (ms). */
  resumeAt?: number | null;
  confirm?: string;
  user: string;
  clientAddress: string;
  /** Set by the scheduler: the scheduled resume this action carries out (no typed confirmation). */
  fromSchedule?: number;
}

function checkInput(input: ActionInput, canonical: string, wildcard: boolean, nodeCount: number, now: number): void {
  if (input.fromSchedule === undefined && (wildcard || nodeCount > 1)) {
    const typed = input.confirm?.trim();
    if (typed !== canonical && typed !== input.pattern) {
      const why = wildcard ? 'a wildcard pattern' : `${nodeCount} nodes`;
      throw new DomainError('bad_request', `confirm: this action hits ${why}; type the target "${canonical}" to confirm`, { confirmRequired: canonical });
    }
  }
  if (input.resumeAt !== undefined && input.resumeAt !== null) {
    if (input.action !== 'pause') throw new DomainError('bad_request', 'resumeAt: only a pause can be time-boxed');
    if (input.resumeAt <= now) throw new DomainError('bad_request', 'resumeAt: must be in the future');
    if (input.resumeAt > now + MAX_PAUSE_MS) throw new DomainError('bad_request', 'resumeAt: at most 7 days ahead');
  }
}

export async function sendTo(n: FleetNode, command: SafeCommand): Promise<AuditNodeResult> {
  try {
    const r = await n.client.command(command);
    return { node: n.config.id, status: r.ok ? 'ok' : 'failed', text: r.text, verification: null };
  } catch (e) {
    const kind = errorKind(e);
    return { node: n.config.id, status: 'failed', text: `${kind}: ${e instanceof Error ? e.message : String(e)}`, verification: null };
  }
}

/** The audit record comes first; if the store refuses it, nothing is sent (503, not 500). */
export async function startAudit(deps: ActionDeps, entry: Parameters<AuditLog['start']>[0]): Promise<number> {
  try {
    return await deps.audit.start(entry);
  } catch (e) {
    if (!isStoreError(e)) throw e;
    deps.storeHealth?.failed(e);
    throw new DomainError('unavailable', `${NO_AUDIT} (${e.code ?? e.message})`);
  }
}

export function finalState(results: AuditNodeResult[]): Exclude<AuditState, 'started' | 'incomplete'> {
  const ok = results.filter((r) => r.status === 'ok').length;
  if (ok === 0) return 'failed';
  return ok === results.length ? 'completed' : 'partial';
}

export async function executeAction(deps: ActionDeps, input: ActionInput): Promise<ActionResponse> {
  const now = deps.now ?? Date.now;
  // Whitelist first: nothing is audited or sent for a pattern the command builder refuses.
  const target = parseTarget(input.action, input.pattern);
  const resolved = resolveNodes(deps.fleet, input.nodes);
  // The scheduler's resume goes to every node it paused: a down node still gets its try.
  const { send, excluded } =
    input.fromSchedule !== undefined ? { send: resolved, excluded: new Map<string, NodeDown>() } : sendTargets(resolved, input.includeDown);
  checkInput(input, target.canonical, isWildcard(target.pattern), send.length, now());
  const nodes = resolved;
  const command = target.command as SafeCommand;
  const resumeAt = input.action === 'pause' ? (input.resumeAt ?? null) : null;

  // Known down: look once more (it may have recovered since the last probe), else refuse.
  const health = deps.storeHealth && !deps.storeHealth.current.ok ? await deps.storeHealth.probe() : null;
  if (health && !health.ok) throw new DomainError('unavailable', `${NO_AUDIT} (${health.error})`);
  const auditId = await startAudit(deps, {
    at: now(),
    user: input.user,
    clientAddress: input.clientAddress,
    action: input.action,
    pattern: target.canonical,
    command,
    nodes: nodes.map((n) => n.config.id),
    reason: input.reason?.trim() || null,
    resumeAt,
  });

  // Real time, not the injected clock: verification compares it with the pollers' times.
  const sentAt = Date.now();
  const results = await Promise.all(
    nodes.map((n): Promise<AuditNodeResult> | AuditNodeResult => {
      const down = excluded.get(n.config.id);
      if (down) return notSentResult(n.config.id, down);
      const a = nodeAvailability(n);
      return a.available ? sendTo(n, command) : { node: n.config.id, status: 'unavailable', text: a.reason ?? 'unavailable', verification: null };
    }),
  );
  await deps.audit.recordResults(auditId, results);

  const verified = await Promise.all(
    results.map(async (r, i) => (r.status === 'ok' ? { ...r, verification: await verifyNode(nodes[i]!, input.action, target.pattern, sentAt) } : r)),
  );
  const okNodes = verified.filter((r) => r.status === 'ok').map((r) => r.node);
  const state = finalState(verified);

  let scheduledResume: ActionResponse['scheduledResume'] = null;
  const t = now();
  // Outcome, schedule bookkeeping and the new schedule commit together.
  await deps.audit.store.transaction(async () => {
    if (input.fromSchedule !== undefined) await deps.resumes.settle(input.fromSchedule, state === 'failed' ? 'failed' : 'done', t, auditId);
    else if ((input.action === 'pause' || input.action === 'resume') && okNodes.length) await deps.resumes.supersede(target.canonical, okNodes, t, auditId);
    if (resumeAt !== null && okNodes.length) {
      const id = await deps.resumes.add({ auditId, pattern: target.canonical, nodes: okNodes, resumeAt, scheduledBy: input.user, now: t });
      scheduledResume = { id, at: resumeAt };
    }
    await deps.audit.finish(auditId, state, verified, t);
    await deps.onExecuted?.({
      auditId,
      at: t,
      user: input.user,
      reason: input.reason?.trim() || null,
      action: input.action,
      pattern: target.canonical,
      job: null,
      ip: null,
      untilMs: null,
      resumeAt,
      okNodes,
    });
  });

  return { auditId, state, action: input.action, pattern: target.canonical, command, results: verified, scheduledResume };
}
