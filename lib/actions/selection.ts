import 'server-only';
// A selection action: one verb (pause, resume, retry) on several exact queues at once — picked
// row by row on the queues page, or "every queue matching the filter", resolved here against
// each node's latest snapshot so the action targets exactly the queues the filter matches on
// each node, not only the rows the browser had loaded. One preview lists every queue per node;
// one typed confirmation ("pause 3 queues", recounted at send time, so a filter that now
// matches a different set is refused with the new count); one audit entry before anything is
// sent; one command per queue (each queue name through the command whitelist, parseTarget);
// per-node results and a per-node verification by one fresh poll.
import { DomainError } from '@/lib/domain-error';
import type { AuditNodeResult, Verification } from '@/lib/audit/types';
import type { Fleet, FleetNode } from '@/lib/fleet/fleet';
import type { SafeCommand } from '@/lib/pmta/commands';
import { allQueues, queryQueues } from '@/lib/queue-store/queue-query';
import { isWildcard, matchingRows, parseTarget, type ParsedTarget } from './preview';
import { finalState, sendTo, startAudit, type ActionDeps } from './execute';
import { nodeAvailability, nodeDown, resolveNodes } from './targets';
import { freshPoll } from './verify';
import type { ActionResponse, PreviewNode } from './types';
import { MAX_SELECTED_QUEUES, type Selection, type SelectionAction, type SelectionFilter } from './selection-schema';

interface NodeSelection {
  node: FleetNode;
  targets: ParsedTarget[];
}

export interface SelectionPreview {
  action: SelectionAction;
  /** What must be typed to confirm: the verb and the number of queues. */
  confirmText: string;
  /** The first command, as an example of what each queue gets. */
  command: string;
  nodes: PreviewNode[];
  total: { nodes: number; queues: number; rcp: number; kb: number };
}

const confirmTextOf = (action: SelectionAction, n: number) => `${action} ${n} queue${n === 1 ? '' : 's'}`;

function target(action: SelectionAction, name: string): ParsedTarget {
  const t = parseTarget(action, name);
  if (isWildcard(t.pattern)) throw new DomainError('bad_request', `selection: "${name}" is a pattern; a selection names queues (domain/vmta)`);
  return t;
}

function tooMany(n: number): DomainError {
  return new DomainError('bad_request', `selection: ${n} queues match; at most ${MAX_SELECTED_QUEUES} per action (narrow the filter)`);
}

function fromFilter(fleet: Fleet, action: SelectionAction, f: SelectionFilter): NodeSelection[] {
  if (f.node && !fleet.node(f.node)) throw new DomainError('bad_request', `selection: unknown node "${f.node}"`);
  const sources = fleet.nodes.flatMap((n) => (n.poller.snapshot.queues ? [{ node: n.config.id, table: n.poller.snapshot.queues }] : []));
  const filter = { text: f.q, node: f.node, vmta: f.vmta, mode: f.mode, paused: f.paused, hasErrors: f.errors };
  // The count first (no rows materialised): a filter wider than one action is refused whole.
  const { total } = queryQueues(sources, { filter, sort: 'node', dir: 'asc', offset: 0, limit: 0 });
  if (total > MAX_SELECTED_QUEUES) throw tooMany(total);
  const byNode = new Map<string, string[]>();
  for (const r of allQueues(sources, { filter, sort: 'node', dir: 'asc' })) {
    const names = byNode.get(r.node) ?? [];
    names.push(r.name);
    byNode.set(r.node, names);
  }
  return [...byNode].map(([id, names]) => ({ node: fleet.node(id)!, targets: names.map((q) => target(action, q)) }));
}

function fromList(fleet: Fleet, action: SelectionAction, queues: { node: string; queue: string }[]): NodeSelection[] {
  const nodes = resolveNodes(fleet, [...new Set(queues.map((q) => q.node))]);
  return nodes.map((node) => {
    const seen = new Set<string>();
    const targets: ParsedTarget[] = [];
    for (const q of queues) {
      if (q.node !== node.config.id) continue;
      const t = target(action, q.queue);
      if (!seen.has(t.canonical)) targets.push(t);
      seen.add(t.canonical);
    }
    return { node, targets };
  });
}

/** The selection per node, each queue validated by the command builder; nothing is sent. */
export function resolveSelection(fleet: Fleet, action: SelectionAction, s: Selection): NodeSelection[] {
  const out = 'filter' in s ? fromFilter(fleet, action, s.filter) : fromList(fleet, action, s.queues);
  if (!out.some((n) => n.targets.length)) throw new DomainError('bad_request', 'selection: no queue is selected');
  return out.filter((n) => n.targets.length);
}

function previewNode(s: NodeSelection): PreviewNode {
  const { available, reason } = nodeAvailability(s.node);
  const t = s.node.poller.snapshot.queues;
  let rcp = 0;
  let kb = 0;
  const queues = s.targets.map((x) => {
    const i = t ? matchingRows(t, x.pattern)[0] : undefined;
    if (i === undefined || !t) return { name: x.canonical, rcp: null, kb: null, paused: null, mode: null };
    const q = t.row(i);
    rcp += q.rcp ?? 0;
    kb += q.kb ?? 0;
    return { name: q.name, rcp: q.rcp, kb: q.kb, paused: q.paused, mode: q.mode };
  });
  const name = s.node.config.name ?? s.node.config.id;
  const down = nodeDown(s.node);
  return {
    node: s.node.config.id,
    name,
    available,
    reason,
    // Marked, not excluded: the operator picked these queues on this node by name (a selection
    // is an explicit choice, unlike a pattern fanned out to every node).
    down: down ? { state: down.state, dataAgeSeconds: down.dataAgeSeconds, label: down.label } : null,
    excluded: false,
    queues,
    queueCount: queues.length,
    rcp,
    kb: Math.round(kb * 10) / 10,
    snapshotAt: s.node.poller.snapshot.queuesAt,
  };
}

export function buildSelectionPreview(fleet: Fleet, input: { action: SelectionAction; selection: Selection }): SelectionPreview {
  const sel = resolveSelection(fleet, input.action, input.selection);
  const nodes = sel.map(previewNode);
  const total = { nodes: 0, queues: 0, rcp: 0, kb: 0 };
  for (const n of nodes) {
    if (!n.available) continue;
    total.nodes++;
    total.queues += n.queueCount;
    total.rcp += n.rcp;
    total.kb += n.kb;
  }
  total.kb = Math.round(total.kb * 10) / 10;
  const count = sel.reduce((s, n) => s + n.targets.length, 0);
  return { action: input.action, confirmText: confirmTextOf(input.action, count), command: sel[0]!.targets[0]!.command, nodes, total };
}

/** The audit record's target: the one domain all queues share (`domain/*`), else `*` + `/*`. */
function auditPattern(sel: NodeSelection[]): string {
  const domains = new Set(sel.flatMap((n) => n.targets.map((t) => t.pattern.domain)));
  return domains.size === 1 ? `${[...domains][0]}/*` : '*/*';
}

async function sendAll(s: NodeSelection): Promise<{ result: AuditNodeResult; ok: boolean[] }> {
  const a = nodeAvailability(s.node);
  const id = s.node.config.id;
  if (!a.available) return { result: { node: id, status: 'unavailable', text: a.reason ?? 'unavailable', verification: null }, ok: s.targets.map(() => false) };
  // One queue after the other on a node (PowerMTA takes one command per request); nodes run in parallel.
  const lines: string[] = [];
  const ok: boolean[] = [];
  for (const t of s.targets) {
    const r = await sendTo(s.node, t.command as SafeCommand);
    ok.push(r.status === 'ok');
    lines.push(`${t.canonical}: ${r.text}`);
  }
  const n = ok.filter(Boolean).length;
  return { result: { node: id, status: n === 0 ? 'failed' : n === ok.length ? 'ok' : 'failed', text: lines.join('\n'), verification: null }, ok };
}

async function verify(s: NodeSelection, action: SelectionAction, sentAt: number): Promise<Verification> {
  const o = await freshPoll(s.node, sentAt);
  const t = o.snapshot.queues;
  if (!t || o.snapshot.queuesAt === null || o.snapshot.queuesAt < sentAt) {
    return { status: 'poll-failed', detail: 're-poll failed, state not checked', matched: 0, inState: 0, offenders: [] };
  }
  const n = s.targets.length;
  if (action === 'retry')
    return { status: 'sent', detail: `retry requested for ${n} queue(s); a poll cannot confirm a retry`, matched: n, inState: n, offenders: [] };
  const want = action === 'pause';
  const offenders = s.targets.filter((x) => matchingRows(t, x.pattern).some((i) => t.isPaused(i) !== want)).map((x) => x.canonical);
  const words = want ? 'paused' : 'not paused';
  if (!offenders.length) return { status: 'verified', detail: `all ${n} selected queue(s) ${words}`, matched: n, inState: n, offenders: [] };
  return {
    status: 'mismatch',
    detail: `${offenders.length} of ${n} selected queue(s) not ${words}`,
    matched: n,
    inState: n - offenders.length,
    offenders: offenders.slice(0, 20),
  };
}

export interface SelectionInput {
  action: SelectionAction;
  selection: Selection;
  reason?: string | null;
  confirm?: string;
  user: string;
  clientAddress: string;
}

export async function executeSelection(deps: ActionDeps, input: SelectionInput): Promise<ActionResponse> {
  const now = deps.now ?? Date.now;
  const sel = resolveSelection(deps.fleet, input.action, input.selection);
  const count = sel.reduce((s, n) => s + n.targets.length, 0);
  const confirmText = confirmTextOf(input.action, count);
  if (input.confirm?.trim() !== confirmText) {
    throw new DomainError('bad_request', `confirm: this action goes to ${count} queue(s); type "${confirmText}" to confirm`, { confirmRequired: confirmText });
  }
  const health = deps.storeHealth && !deps.storeHealth.current.ok ? await deps.storeHealth.probe() : null;
  if (health && !health.ok)
    throw new DomainError('unavailable', `the store is unavailable, so no audit record can be written and no action is sent (${health.error})`);
  const pattern = auditPattern(sel);
  // Every command sent, one per line, in node order: the audit record says exactly what went out.
  const command = [...new Set(sel.flatMap((n) => n.targets.map((t) => t.command)))].join('\n');
  const reason = input.reason?.trim() || null;
  const auditId = await startAudit(deps, {
    at: now(),
    user: input.user,
    clientAddress: input.clientAddress,
    action: input.action,
    pattern,
    command,
    nodes: sel.map((n) => n.node.config.id),
    reason,
    resumeAt: null,
  });

  const sentAt = Date.now();
  const sent = await Promise.all(sel.map(sendAll));
  await deps.audit.recordResults(
    auditId,
    sent.map((s) => s.result),
  );
  const verified = await Promise.all(
    sent.map(async (s, i) =>
      s.result.status === 'ok' || s.ok.some(Boolean) ? { ...s.result, verification: await verify(sel[i]!, input.action, sentAt) } : s.result,
    ),
  );
  const state = finalState(verified);
  const t = now();
  // Per queue: the nodes that took its command (for the ledger and superseded automatic resumes).
  const okByQueue = new Map<string, string[]>();
  sel.forEach((n, i) =>
    n.targets.forEach((x, k) => {
      if (sent[i]!.ok[k]) okByQueue.set(x.canonical, [...(okByQueue.get(x.canonical) ?? []), n.node.config.id]);
    }),
  );
  await deps.audit.store.transaction(async () => {
    for (const [canonical, okNodes] of okByQueue) {
      if (input.action !== 'retry') await deps.resumes.supersede(canonical, okNodes, t, auditId);
      await deps.onExecuted?.({
        auditId,
        at: t,
        user: input.user,
        reason,
        action: input.action,
        pattern: canonical,
        job: null,
        ip: null,
        untilMs: null,
        resumeAt: null,
        okNodes,
      });
    }
    await deps.audit.finish(auditId, state, verified, t);
  });
  return { auditId, state, action: input.action, pattern, command, results: verified, scheduledResume: null };
}
