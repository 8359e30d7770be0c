import 'server-only';
// Runs one toolbox action (jobs, source IPs, delete, retry with held recipients) the way
// lib/actions/execute.ts runs a queue action: validate, audit before anything is sent, send
// to every target node in parallel, verify per node, complete the audit record, and tell the
// ledger (lib/ledger) what is now intended.
//
// Who may: operators; `delete` admins only. Typed confirmation: `delete` always (even one
// queue on one node), everything else when it goes to more than one node.
import { DomainError } from '@/lib/domain-error';
import { roleAtLeast, type Role } from '@/lib/auth/roles';
import type { AuditNodeResult } from '@/lib/audit/types';
import type { ActionDeps } from '@/lib/actions/execute';
import type { FleetNode } from '@/lib/fleet/fleet';
import { errorKind } from '@/lib/pmta/errors';
import { finalState } from '@/lib/actions/execute';
import { nodeAvailability, notSentResult, resolveNodes, sendTargets } from '@/lib/actions/targets';
import type { ActionResponse } from '@/lib/actions/types';
import { parseToolTarget, type ToolRequest, type ToolTarget } from './target';
import { countMatching, verifyTool } from './verify';

export interface ToolInput extends ToolRequest {
  nodes: 'all' | string[];
  /** Stale or down nodes to send to anyway (as for queue actions, others are left out). */
  includeDown?: readonly string[];
  reason?: string | null;
  confirm?: string;
  user: string;
  role: Role;
  clientAddress: string;
}

function checkInput(input: ToolInput, target: ToolTarget, nodeCount: number): void {
  if (input.action === 'delete' && !roleAtLeast(input.role, 'admin')) throw new DomainError('forbidden', 'delete: admins only');
  const mustType = input.action === 'delete' || nodeCount > 1;
  if (mustType && input.confirm?.trim() !== target.confirmText) {
    const why = input.action === 'delete' ? 'a delete cannot be undone' : `this action goes to ${nodeCount} nodes`;
    throw new DomainError('bad_request', `confirm: ${why}; type "${target.confirmText}" to confirm`, { confirmRequired: target.confirmText });
  }
}

async function send(n: FleetNode, target: ToolTarget): Promise<AuditNodeResult> {
  try {
    const r = await n.client.command(target.command);
    return { node: n.config.id, status: r.ok ? 'ok' : 'failed', text: r.text, verification: null };
  } catch (e) {
    return { node: n.config.id, status: 'failed', text: `${errorKind(e)}: ${e instanceof Error ? e.message : String(e)}`, verification: null };
  }
}

export async function executeTool(deps: ActionDeps, input: ToolInput): Promise<ActionResponse> {
  const now = deps.now ?? Date.now;
  const target = parseToolTarget(input);
  const nodes = resolveNodes(deps.fleet, input.nodes);
  // As for queue actions (lib/actions/execute.ts): a stale or down node is left out unless the
  // operator included it; its numbers are old, and a delete must not go where nobody looked.
  const { send: live, excluded } = sendTargets(nodes, input.includeDown);
  checkInput(input, target, live.length);

  const auditId = await deps.audit.start({
    at: now(),
    user: input.user,
    clientAddress: input.clientAddress,
    action: input.action,
    pattern: target.pattern,
    command: target.command,
    nodes: nodes.map((n) => n.config.id),
    reason: input.reason?.trim() || null,
    resumeAt: null,
  });

  // A delete's audit record carries the counts before (from the latest snapshot) and after.
  const before = input.action === 'delete' ? nodes.map((n) => countMatching(n, target.pattern)) : [];
  const sentAt = Date.now();
  const results = await Promise.all(
    nodes.map((n): Promise<AuditNodeResult> | AuditNodeResult => {
      const down = excluded.get(n.config.id);
      if (down) return notSentResult(n.config.id, down);
      const a = nodeAvailability(n);
      return a.available ? send(n, target) : { node: n.config.id, status: 'unavailable', text: a.reason ?? 'unavailable', verification: null };
    }),
  );
  await deps.audit.recordResults(auditId, results);
  const verified = await Promise.all(
    results.map(async (r, i) => (r.status === 'ok' ? { ...r, verification: await verifyTool(nodes[i]!, input, target, sentAt, before[i] ?? null) } : r)),
  );
  const state = finalState(verified);
  const t = now();
  await deps.audit.store.transaction(async () => {
    await deps.audit.finish(auditId, state, verified, t);
    await deps.onExecuted?.({
      auditId,
      at: t,
      user: input.user,
      reason: input.reason?.trim() || null,
      action: input.action,
      pattern: target.pattern,
      job: input.job ?? null,
      ip: input.ip ?? null,
      untilMs: target.untilMs,
      resumeAt: null,
      okNodes: verified.filter((r) => r.status === 'ok').map((r) => r.node),
    });
  });
  return { auditId, state, action: input.action, pattern: target.pattern, command: target.command, results: verified, scheduledResume: null };
}
