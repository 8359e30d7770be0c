import 'server-only';
// Blast radius of a toolbox action, sending nothing that changes state: for a queue pattern
// (delete, sources, retry) the matching queues per node with recipients and kB from the latest
// snapshots — for a delete exactly what would go; for a job its recipients per node from
// `/jobs`. Says what must be typed to confirm and whether only an admin may send it.
import type { Fleet } from '@/lib/fleet/fleet';
import { buildPreview } from '@/lib/actions/preview';
import { leftOut, nodeAvailability, nodeDown, resolveNodes } from '@/lib/actions/targets';
import { readJobs } from '@/lib/jobs/read-jobs';
import { parseToolTarget, type ToolRequest } from './target';

export interface ToolPreview {
  action: string;
  command: string;
  confirmText: string | null;
  adminOnly: boolean;
  nodes: ReturnType<typeof buildPreview>['nodes'];
  total: { nodes: number; queues: number; rcp: number; kb: number };
}

export async function buildToolPreview(fleet: Fleet, r: ToolRequest & { nodes: 'all' | string[]; includeDown?: readonly string[] }): Promise<ToolPreview> {
  const target = parseToolTarget(r);
  const targets = resolveNodes(fleet, r.nodes);
  // Typed confirmation as executeTool asks it: by the nodes it will really be sent to.
  const sentTo = targets.filter((n) => !leftOut(n, r.includeDown)).length;
  const confirmText = r.action === 'delete' || sentTo > 1 ? target.confirmText : null;
  const base = { action: r.action, command: target.command, confirmText, adminOnly: r.action === 'delete' };
  if (r.action !== 'pause-job' && r.action !== 'resume-job') {
    // As for queue actions: a stale or down node is marked and left out unless included.
    const p = buildPreview(fleet, { action: 'pause', pattern: target.pattern, nodes: r.nodes, includeDown: r.includeDown ?? [] });
    return { ...base, nodes: p.nodes, total: p.total };
  }
  const nodes = await Promise.all(
    targets.map(async (n) => {
      const a = nodeAvailability(n);
      const jobs = a.available ? await readJobs(n.client).catch(() => null) : null;
      const j = jobs?.find((x) => x.id === r.job);
      const down = nodeDown(n);
      return {
        node: n.config.id,
        name: n.config.name ?? n.config.id,
        available: a.available,
        reason: a.reason,
        down: down ? { state: down.state, dataAgeSeconds: down.dataAgeSeconds, label: down.label } : null,
        excluded: leftOut(n, r.includeDown) !== null,
        queues: [],
        queueCount: 0,
        rcp: j?.rcp ?? 0,
        kb: j?.kb ?? 0,
        snapshotAt: null,
      };
    }),
  );
  const total = { nodes: 0, queues: 0, rcp: 0, kb: 0 };
  for (const n of nodes) {
    if (!n.available || n.excluded) continue;
    total.nodes++;
    total.rcp += n.rcp;
    total.kb += n.kb;
  }
  return { ...base, nodes, total };
}
