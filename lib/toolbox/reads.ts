import 'server-only';
// The toolbox's read-only asks of a node, on demand: the settings in force for a queue, the
// licence, disabled sources, the jobs list. Each `show` is built by the command whitelist;
// replies are cached briefly per node (and queue) so a page refresh does not re-ask. Built by
// the composition root (lib/runtime), which holds the caches.
import { DomainError } from '@/lib/domain-error';
import type { Fleet, FleetNode } from '@/lib/fleet/fleet';
import { buildToolCommand } from '@/lib/pmta/tool-commands';
import { errorKind } from '@/lib/pmta/errors';
import { parseLicense, type LicenseInfo } from '@/lib/license/parse-license';
import { isLocalThrottle, parseSettings, type ParsedSettings } from '@/lib/queue-settings/parse-settings';
import { readJobs, type NodeJob } from '@/lib/jobs/read-jobs';
import { nodeAvailability } from '@/lib/actions/targets';
import { parseDisabledSources, type DisabledSource } from '@/lib/sources/parse-disabled-sources';

const SETTINGS_TTL_MS = 30_000;
const LICENSE_TTL_MS = 10 * 60_000;
const DISABLED_TTL_MS = 10_000;
const MAX_CACHED = 500;

export interface QueueSettings extends ParsedSettings {
  node: string;
  queue: string;
  fetchedAt: number;
  /** Set when the queue's last errors are PowerMTA's own max-msg-rate throttle. */
  localThrottle: string | null;
}

export interface NodeLicense extends LicenseInfo {
  node: string;
  /** PowerMTA's words, or why they are not known. */
  text: string;
  error: string | null;
  fetchedAt: number;
}

export interface MergedJob {
  id: string;
  rcp: number;
  kb: number;
  nodes: { node: string; rcp: number | null; kb: number | null; paused: boolean | null }[];
  pausedOn: string[];
}

export interface DisabledSourcesRead {
  sources: (DisabledSource & { node: string })[];
  failed: { node: string; error: string }[];
  fetchedAt: number;
}

export class ToolboxReads {
  private readonly settingsCache = new Map<string, QueueSettings>();
  private readonly licenseCache = new Map<string, NodeLicense>();
  private disabledCache: { at: number; value: DisabledSourcesRead } | null = null;

  constructor(
    private readonly fleet: Fleet,
    private readonly now: () => number = Date.now,
  ) {}

  private node(id: string): FleetNode {
    const n = this.fleet.node(id);
    if (!n) throw new DomainError('not_found', `node: unknown node "${id}"`);
    return n;
  }

  private async show(n: FleetNode, cmd: Parameters<typeof buildToolCommand>[0]): Promise<string> {
    const a = nodeAvailability(n);
    if (!a.available) throw new DomainError('unavailable', a.reason ?? 'this node takes no commands');
    let command;
    try {
      command = buildToolCommand(cmd);
    } catch (e) {
      if (errorKind(e) === 'rejected') throw new DomainError('bad_request', (e as Error).message);
      throw e;
    }
    try {
      const r = await n.client.command(command);
      if (!r.ok) throw new DomainError('upstream', `${n.config.id}: ${r.text}`);
      return r.text;
    } catch (e) {
      if (e instanceof Error && (e as { code?: unknown }).code) throw e;
      throw new DomainError('upstream', `${n.config.id}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** `show settings domain/vmta` (guide §6.3.15), cached 30 s per node and queue; viewers may read it. */
  async settings(nodeId: string, queue: string, fresh = false): Promise<QueueSettings> {
    const n = this.node(nodeId);
    const key = `${nodeId}\u0000${queue.toLowerCase()}`;
    const hit = this.settingsCache.get(key);
    if (!fresh && hit && this.now() - hit.fetchedAt < SETTINGS_TTL_MS) return hit;
    const text = await this.show(n, { kind: 'show-settings', pattern: queue });
    let localThrottle: string | null = null;
    try {
      const d = await n.client.queueDetail(queue);
      const e = d.errors.find((x) => isLocalThrottle(x.text));
      if (e) localThrottle = `"${e.text}" is this node's own max-msg-rate for the queue, not the receiver's limit`;
    } catch {
      // no detail (queue gone): no hint
    }
    const value: QueueSettings = { node: nodeId, queue, fetchedAt: this.now(), localThrottle, ...parseSettings(text) };
    if (this.settingsCache.size >= MAX_CACHED) this.settingsCache.clear();
    this.settingsCache.set(key, value);
    return value;
  }

  /**
   * A setting's value from the last `show settings` read of a queue (any age: settings change
   * rarely), without asking the node; null when the queue's settings were not read yet.
   */
  knownSetting(nodeId: string, queue: string, name: string): string | null {
    const hit = this.settingsCache.get(`${nodeId}\u0000${queue.toLowerCase()}`);
    return hit?.rows.find((r) => r.name === name)?.value ?? null;
  }

  /** `show license` of every node, cached ten minutes; a node that cannot say is reported, not hidden. */
  async licenses(): Promise<NodeLicense[]> {
    return Promise.all(
      this.fleet.nodes.map(async (n) => {
        const hit = this.licenseCache.get(n.config.id);
        if (hit && this.now() - hit.fetchedAt < LICENSE_TTL_MS) return hit;
        let v: NodeLicense;
        try {
          const text = await this.show(n, { kind: 'show-license' });
          v = { node: n.config.id, text, error: null, fetchedAt: this.now(), ...parseLicense(text, this.now()) };
        } catch (e) {
          v = {
            node: n.config.id,
            text: '',
            error: e instanceof Error ? e.message : String(e),
            fetchedAt: this.now(),
            expires: null,
            daysLeft: null,
            warning: false,
          };
        }
        if (!v.error) this.licenseCache.set(n.config.id, v);
        return v;
      }),
    );
  }

  /**
   * `show disabled sources` of every node (all queues, guide §6.3.35), parsed; cached 10 s so a
   * page refresh does not re-ask. A node that cannot say is listed in `failed`.
   */
  async disabledSources(): Promise<DisabledSourcesRead> {
    if (this.disabledCache && this.now() - this.disabledCache.at < DISABLED_TTL_MS) return this.disabledCache.value;
    const failed: { node: string; error: string }[] = [];
    const per = await Promise.all(
      this.fleet.nodes.map(async (n) => {
        try {
          return parseDisabledSources(await this.show(n, { kind: 'show-disabled-sources' })).map((s) => ({ node: n.config.id, ...s }));
        } catch (e) {
          failed.push({ node: n.config.id, error: e instanceof Error ? e.message : String(e) });
          return [];
        }
      }),
    );
    const value = { sources: per.flat(), failed: failed.sort((a, b) => a.node.localeCompare(b.node)), fetchedAt: this.now() };
    this.disabledCache = { at: this.now(), value };
    return value;
  }

  /** Every job on every node (`/jobs`), merged by id. Nodes that cannot answer are listed in `failed`. */
  async jobs(): Promise<{ jobs: MergedJob[]; failed: { node: string; error: string }[] }> {
    const failed: { node: string; error: string }[] = [];
    const byId = new Map<string, MergedJob>();
    await Promise.all(
      this.fleet.nodes.map(async (n) => {
        let list: NodeJob[] | null;
        try {
          list = await readJobs(n.client);
        } catch (e) {
          failed.push({ node: n.config.id, error: e instanceof Error ? e.message : String(e) });
          return;
        }
        if (!list) return failed.push({ node: n.config.id, error: 'not a 5.0 JSON node' });
        for (const j of list) {
          let m = byId.get(j.id);
          if (!m) byId.set(j.id, (m = { id: j.id, rcp: 0, kb: 0, nodes: [], pausedOn: [] }));
          m.rcp += j.rcp ?? 0;
          m.kb = Math.round((m.kb + (j.kb ?? 0)) * 10) / 10;
          m.nodes.push({ node: n.config.id, rcp: j.rcp, kb: j.kb, paused: j.paused });
          if (j.paused) m.pausedOn.push(n.config.id);
        }
      }),
    );
    const jobs = [...byId.values()].sort((a, b) => b.rcp - a.rcp || a.id.localeCompare(b.id));
    for (const j of jobs) j.nodes.sort((a, b) => a.node.localeCompare(b.node));
    return { jobs, failed: failed.sort((a, b) => a.node.localeCompare(b.node)) };
  }
}
