import 'server-only';
// Blast radius of an action, from the latest snapshots (no request to PowerMTA): which queues
// on which nodes match the pattern, with their recipients and kB, per node and in total.
import { DomainError } from '@/lib/domain-error';
import type { Fleet, FleetNode } from '@/lib/fleet/fleet';
import type { QueueTable } from '@/lib/queue-store/queue-table';
import { buildQueueCommand, parseQueuePattern, queueMatchesPattern, type QueueAction, type QueuePattern } from '@/lib/pmta/commands';
import { errorKind } from '@/lib/pmta/errors';
import { leftOut, nodeAvailability, nodeDown, resolveNodes } from './targets';
import type { ActionPreview, PreviewNode } from './types';

const LISTED = 100;

export interface ParsedTarget {
  pattern: QueuePattern;
  /** `domain/vmta` as sent to PowerMTA. */
  canonical: string;
  command: string;
}

/** The one place a request's pattern becomes a command; anything off the whitelist is a 400. */
export function parseTarget(action: QueueAction, raw: string): ParsedTarget {
  try {
    const pattern = parseQueuePattern(raw);
    return { pattern, canonical: `${pattern.domain}/${pattern.vmta}`, command: buildQueueCommand({ action, pattern: raw }) };
  } catch (e) {
    // By kind, not instanceof (chunks): the command builder refused the pattern.
    if (errorKind(e) === 'rejected') throw new DomainError('bad_request', `pattern: ${(e as Error).message}`);
    throw e;
  }
}

/** Rows of `t` matching `p`; a named domain uses the table's per-domain index. */
export function matchingRows(t: QueueTable, p: QueuePattern): number[] {
  const candidates = p.domain === '*' ? Array.from({ length: t.count }, (_, i) => i) : t.rowsOfDomain(p.domain);
  return candidates.filter((i) => queueMatchesPattern(t.names[i]!, p));
}

function previewNode(n: FleetNode, p: QueuePattern, includeDown: readonly string[]): PreviewNode {
  const { available, reason } = nodeAvailability(n);
  const down = nodeDown(n);
  const t = n.poller.snapshot.queues;
  const rows = t ? matchingRows(t, p) : [];
  let rcp = 0;
  let kb = 0;
  for (const i of rows) {
    rcp += t!.columns.rcp[i]! || 0;
    kb += t!.columns.kb[i]! || 0;
  }
  const listed = rows
    .sort((a, b) => (t!.columns.rcp[b]! || 0) - (t!.columns.rcp[a]! || 0))
    .slice(0, LISTED)
    .map((i) => {
      const q = t!.row(i);
      return { name: q.name, rcp: q.rcp, kb: q.kb, paused: q.paused, mode: q.mode };
    });
  return {
    node: n.config.id,
    name: n.config.name ?? n.config.id,
    available,
    reason,
    down: down ? { state: down.state, dataAgeSeconds: down.dataAgeSeconds, label: down.label } : null,
    excluded: leftOut(n, includeDown) !== null,
    queues: listed,
    queueCount: rows.length,
    rcp,
    kb: Math.round(kb * 10) / 10,
    snapshotAt: n.poller.snapshot.queuesAt,
  };
}

export function isWildcard(p: QueuePattern): boolean {
  return p.domain === '*' || p.vmta === '*';
}

export function buildPreview(
  fleet: Fleet,
  input: { action: QueueAction; pattern: string; nodes: 'all' | string[]; includeDown?: readonly string[] },
): ActionPreview {
  const target = parseTarget(input.action, input.pattern);
  const nodes = resolveNodes(fleet, input.nodes).map((n) => previewNode(n, target.pattern, input.includeDown ?? []));
  const total = { nodes: 0, queues: 0, rcp: 0, kb: 0 };
  // A down node left out is not counted: its numbers are frozen and nothing will be sent to it.
  const sending = nodes.filter((n) => !n.excluded);
  for (const n of sending) {
    if (!n.available) continue;
    total.nodes++;
    total.queues += n.queueCount;
    total.rcp += n.rcp;
    total.kb += n.kb;
  }
  total.kb = Math.round(total.kb * 10) / 10;
  return {
    action: input.action,
    pattern: target.canonical,
    command: target.command,
    nodes,
    total,
    confirmRequired: isWildcard(target.pattern) || sending.length > 1,
  };
}
