import 'server-only';
// How a route handler learns the TCP peer's address under `next start`.
//
// Next 16.4.6 hands handlers a plain Request: no socket and no `ip`. It does fill in
// `x-forwarded-for` with socket.remoteAddress, but only when the client did not send one
// (`??=` in base-server.js), so any client can claim any address there; the same holds for
// x-forwarded-proto/host (checked against a built app: a curl with `x-forwarded-for:
// 6.6.6.6` reached the handler unchanged). So we stamp the real peer ourselves:
// `installPeerAddressStamp()`, called from instrumentation.ts `register()`, wraps
// http.Server#emit('request') and writes `x-pmta-console-peer: <nonce> <address> <proto>`
// onto every incoming request before Next sees it. The nonce is random per process, so a
// client-supplied copy of the header (or one sent in before the hook ran) never verifies.
// Without the hook, the peer is unknown: trusted-proxy headers are ignored (fail closed).
import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { currentRuntime, getRuntime } from '@/lib/runtime/current';
import { normaliseAddress } from './cidr';

export const PEER_HEADER = 'x-pmta-console-peer';

/** Per-process stamp state, kept by the runtime (lib/runtime) so every bundle sees the same nonce. */
export interface PeerStamp {
  nonce: string;
  installed: boolean;
}
export function newPeerStamp(): PeerStamp {
  return { nonce: randomBytes(16).toString('hex'), installed: false };
}
/** This process's stamp (null before the runtime exists: nothing is stamped or verified then). */
const state = (): PeerStamp | null => currentRuntime()?.peerStamp ?? null;

export type Protocol = 'http:' | 'https:';

/** The header value for a peer; exported for tests that simulate a stamped request. */
export function formatPeerStamp(address: string, protocol: Protocol = 'http:'): string {
  return `${getRuntime().peerStamp.nonce} ${address} ${protocol}`;
}

function stamp(req: IncomingMessage): void {
  if (!state()) return;
  const address = req.socket?.remoteAddress ?? 'unknown';
  const secure = Boolean((req.socket as TLSSocket | undefined)?.encrypted);
  req.headers[PEER_HEADER] = formatPeerStamp(address, secure ? 'https:' : 'http:');
}

/** Idempotent; call once per process from instrumentation.ts (Node runtime only). */
export function installPeerAddressStamp(): void {
  const s = getRuntime().peerStamp;
  if (s.installed) return;
  s.installed = true;
  for (const proto of [http.Server.prototype, https.Server.prototype]) {
    const original = proto.emit as (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;
    proto.emit = function (this: unknown, event: string | symbol, ...args: unknown[]) {
      if (event === 'request' && args[0]) stamp(args[0] as IncomingMessage);
      return original.call(this, event, ...args);
    } as typeof proto.emit;
  }
}

/** The verified TCP peer, or null when the stamp is missing or forged. */
export function readPeer(headers: Pick<Headers, 'get'>): { address: string; protocol: Protocol } | null {
  const value = headers.get(PEER_HEADER);
  if (!value) return null;
  const [nonce, address, protocol, extra] = value.split(' ');
  if (nonce !== state()?.nonce || extra !== undefined || (protocol !== 'http:' && protocol !== 'https:')) return null;
  const normal = address ? normaliseAddress(address) : null;
  return normal ? { address: normal, protocol } : null;
}
