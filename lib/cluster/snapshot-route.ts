import 'server-only';
// GET /api/internal/nodes/{id}/snapshot, apart from where the fleet comes from, so the route
// file and the tests (two fleets in one process) run the same code through apiRoute. Machine
// to machine, so no session and no CSRF (proxy.ts lets exactly this path through,
// lib/auth/public-paths.ts; the contract is `ownSecret`); instead, in this order:
//   1. the peer (verified by the peer stamp, lib/auth/peer-address.ts — never a forwarded
//      header) is loopback or private: RFC 1918, 127/8, ::1, fc00::/7;
//   2. `cluster.internalSecretEnv` names a secret of at least 32 characters (else the channel
//      is closed, whatever the caller sends);
//   3. `Authorization: Bearer <secret>` matches it (constant time).
// Then the node's snapshot as polled by this process (./snapshot-wire.ts), ETag'd by the
// fleet instance, the snapshot version, the poll record and the caller's fence (the lease
// generation, once leases exist), 304 on If-None-Match. A node this process does not poll
// (never polled, or mirrored from elsewhere) is 404: mirrors are never chained.
import { createHash } from 'node:crypto';
import { ApiError } from '@/lib/api/errors';
import { matches } from '@/lib/api/route';
import { sameSecret } from '@/lib/auth/authenticate';
import { addressMatcher } from '@/lib/auth/cidr';
import { readPeer } from '@/lib/auth/peer-address';
import { internalSecret, type ClusterConfig } from '@/lib/config/cluster-schema';
import type { Fleet } from '@/lib/fleet/fleet';
import { encodeSnapshot, SNAPSHOT_CONTENT_TYPE } from './snapshot-wire';

/** Loopback and private networks: the only peers the internal channel answers. */
export const INTERNAL_NETWORKS = ['127.0.0.0/8', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '::1/128', 'fc00::/7'] as const;
export const isInternalAddress = addressMatcher(INTERNAL_NETWORKS);

export interface SnapshotRouteDeps {
  fleet: Fleet;
  cluster: ClusterConfig;
  /** Whether this replica still holds the node's poll lease (default: yes); else its data is no longer its own to serve. */
  serves?: (nodeId: string) => boolean;
}

/** Something that changes when the right to serve a node changes (a lease generation); null: none. */
export type SnapshotFence = (nodeId: string) => string | number | null;

export function snapshotHandler(deps: () => SnapshotRouteDeps, fence?: SnapshotFence) {
  return ({ req, params }: { req: Request; params: { id: string } }): Response => {
    const peer = readPeer(req.headers);
    if (!peer || !isInternalAddress(peer.address)) throw new ApiError('forbidden', 'the internal channel answers loopback and private addresses only');
    const { fleet, cluster, serves } = deps();
    const secret = internalSecret(cluster);
    if (!secret) throw new ApiError('forbidden', `the internal channel is closed: ${cluster.internalSecretEnv} holds no secret of 32 or more characters`);
    const given = /^Bearer ([^\s]+)$/.exec(req.headers.get('authorization') ?? '')?.[1];
    if (!given || !sameSecret(given, secret)) throw new ApiError('unauthorized', 'bad or missing internal secret');

    const n = fleet.node(params.id);
    const snap = n?.poller.snapshot;
    if (!n || !snap || n.poller.origin || (snap.statusAt === null && snap.queuesAt === null) || (serves && !serves(params.id))) {
      throw new ApiError('not_found', `this replica has no snapshot of node "${params.id}" of its own`);
    }
    const record = n.poller.pollRecord;
    const tag = createHash('sha1')
      .update(`${fleet.instance}\u0000${params.id}\u0000${snap.version}\u0000${JSON.stringify(record)}\u0000${fence?.(params.id) ?? ''}`)
      .digest('base64url');
    const etag = `"${tag}"`;
    if (matches(req.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers: { etag } });
    const body = encodeSnapshot(snap, record);
    return new Response(new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength), {
      headers: { 'content-type': SNAPSHOT_CONTENT_TYPE, etag, 'content-length': String(body.byteLength) },
    });
  };
}
