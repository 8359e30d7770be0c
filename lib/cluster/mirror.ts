import 'server-only';
// A replica's copies of the nodes other replicas poll. Every interval it asks each owner for
// its snapshot of the node over the internal channel (GET /api/internal/nodes/{id}/snapshot,
// ./snapshot-route.ts) with the ETag it has — an unchanged node costs a 304 — decodes the
// body (./snapshot-wire.ts) and installs it into the local Fleet (`fleet.adopt`), marked with
// its source, so the overview, queue list and drill-downs answer for it unchanged. The
// owner's poll record comes along, so health (lib/fleet/health.ts, liveness.ts) judges the
// node by the owner's polls; when the owner cannot be asked, the last snapshot stays, the
// failure is noted on its origin, and the usual rule turns it stale once its newest data is
// two intervals old: a node nobody polls is never shown as live.
//
// Which nodes, and who owns them, comes from `targets` each interval (the poll leases decide
// that; this module does not). The secret is sent only to a loopback or private address: the
// owner's host is an address in INTERNAL_NETWORKS or a name that resolves only to such.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { serverLog } from '@/lib/log/logger';
import { readBounded } from '@/lib/read-bounded';
import type { Fleet } from '@/lib/fleet/fleet';
import { isInternalAddress } from './snapshot-route';
import { decodeSnapshot, SnapshotWireError } from './snapshot-wire';

export interface MirrorTarget {
  nodeId: string;
  /** The owner's internal base URL, e.g. http://10.0.0.12:3000 (its heartbeat row says). */
  ownerBaseUrl: string;
  /** The owner's replica id, shown as the node's `polledBy`. */
  polledBy: string;
}

export interface MirrorOptions {
  fleet: Fleet;
  /** The nodes to mirror now and their owners; asked at the start of every round. */
  targets: () => MirrorTarget[] | Promise<MirrorTarget[]>;
  /** The shared secret (lib/config/cluster-schema.ts `internalSecret`); null: nothing is asked. */
  secret: () => string | null;
  intervalMs: number;
  /** Per request (default: the interval, at most 30 s). */
  timeoutMs?: number;
  /** Largest body accepted (default 256 MiB). */
  maxBytes?: number;
  now?: () => number;
}

export type MirrorResult = { nodeId: string; outcome: 'installed' | 'unchanged' } | { nodeId: string; outcome: 'failed'; message: string };

class MirrorFetchError extends Error {}

export class MirrorPoller {
  /** The ETag of the installed snapshot per node, with the owner it came from. */
  private readonly tags = new Map<string, { etag: string; ownerBaseUrl: string }>();
  private readonly failing = new Set<string>();
  private inflight: Promise<MirrorResult[]> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private readonly now: () => number;

  constructor(private readonly o: MirrorOptions) {
    this.now = o.now ?? Date.now;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const tick = async () => {
      const started = this.now();
      await this.pollNow();
      if (!this.running) return;
      this.timer = setTimeout(tick, Math.max(0, this.o.intervalMs - (this.now() - started)));
      this.timer.unref?.();
    };
    void tick();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** One round now (or the one running): every target asked once, in parallel. */
  pollNow(): Promise<MirrorResult[]> {
    this.inflight ??= this.round().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async round(): Promise<MirrorResult[]> {
    let targets: MirrorTarget[];
    try {
      targets = await this.o.targets();
    } catch (e) {
      serverLog().error({ err: e }, '[mirror] could not learn which nodes to mirror');
      return [];
    }
    return Promise.all(targets.map((t) => this.mirror(t)));
  }

  private async mirror(t: MirrorTarget): Promise<MirrorResult> {
    const node = this.o.fleet.node(t.nodeId);
    if (!node) return { nodeId: t.nodeId, outcome: 'failed', message: 'not a configured node' };
    try {
      const r = await this.fetchSnapshot(t);
      if (r === 'unchanged') {
        node.poller.mirrorConfirmed(t.polledBy, this.now());
        return this.ok(t, 'unchanged');
      }
      const { snapshot, poll } = decodeSnapshot(r.body);
      if (snapshot.nodeId !== t.nodeId) throw new MirrorFetchError(`the owner sent node "${snapshot.nodeId}"`);
      this.o.fleet.adopt(t.nodeId, snapshot, poll, { polledBy: t.polledBy, at: this.now() });
      if (r.etag) this.tags.set(t.nodeId, { etag: r.etag, ownerBaseUrl: t.ownerBaseUrl });
      else this.tags.delete(t.nodeId);
      return this.ok(t, 'installed');
    } catch (e) {
      const message =
        e instanceof MirrorFetchError || e instanceof SnapshotWireError ? e.message : `${t.ownerBaseUrl}: ${e instanceof Error ? e.message : String(e)}`;
      node.poller.mirrorFailed(t.polledBy, message, this.now());
      if (!this.failing.has(t.nodeId))
        serverLog().warn({ node: t.nodeId, owner: t.polledBy, error: message }, '[mirror] the owner could not be asked; keeping the last snapshot');
      this.failing.add(t.nodeId);
      return { nodeId: t.nodeId, outcome: 'failed', message };
    }
  }

  private ok(t: MirrorTarget, outcome: 'installed' | 'unchanged'): MirrorResult {
    if (this.failing.delete(t.nodeId)) serverLog().info({ node: t.nodeId, owner: t.polledBy }, '[mirror] the owner answers again');
    return { nodeId: t.nodeId, outcome };
  }

  private async fetchSnapshot(t: MirrorTarget): Promise<'unchanged' | { body: Uint8Array; etag: string | null }> {
    const secret = this.o.secret();
    if (!secret) throw new MirrorFetchError('no internal secret configured (cluster.internalSecretEnv)');
    const url = new URL(`/api/internal/nodes/${encodeURIComponent(t.nodeId)}/snapshot`, t.ownerBaseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new MirrorFetchError(`${t.ownerBaseUrl}: not an http(s) URL`);
    await assertInternalHost(url.hostname);
    const known = this.tags.get(t.nodeId);
    const headers: Record<string, string> = { authorization: `Bearer ${secret}` };
    if (known && known.ownerBaseUrl === t.ownerBaseUrl) headers['if-none-match'] = known.etag;
    const res = await fetch(url, { headers, redirect: 'error', signal: AbortSignal.timeout(this.o.timeoutMs ?? Math.min(this.o.intervalMs, 30_000)) });
    if (res.status === 304) {
      await res.body?.cancel();
      return 'unchanged';
    }
    if (res.status !== 200) {
      const text = (await res.text().catch(() => '')).slice(0, 300);
      throw new MirrorFetchError(`${t.ownerBaseUrl} answered ${res.status}${text ? `: ${text}` : ''}`);
    }
    const limit = this.o.maxBytes ?? 256 * 1024 * 1024;
    const body = await readBounded(res, limit);
    if (!body) throw new MirrorFetchError(`snapshot over the ${limit}-byte limit`);
    return { body, etag: res.headers.get('etag') };
  }
}

/** The secret goes to loopback and private addresses only (a name must resolve only to such). */
async function assertInternalHost(hostname: string): Promise<void> {
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  const addresses = isIP(bare) ? [bare] : (await lookup(bare, { all: true })).map((a) => a.address);
  const outside = addresses.find((a) => !isInternalAddress(a));
  if (addresses.length === 0 || outside !== undefined) {
    throw new MirrorFetchError(
      `${hostname} is not a loopback or private address${outside && outside !== bare ? ` (resolves to ${outside})` : ''}: the internal secret is not sent there`,
    );
  }
}
