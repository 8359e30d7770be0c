import 'server-only';
// Who is on the other end of a request: the verified TCP peer (peer-address.ts), and when
// that peer is a configured trusted proxy, the client, scheme and host it forwards for us.
// x-forwarded-* headers are believed only from trusted proxies.
import type { Protocol } from './peer-address';
import { readPeer } from './peer-address';
import { normaliseAddress } from './cidr';

export interface ClientInfo {
  /** The TCP peer's address, or null when unknown (no stamp): then nothing is trusted. */
  peer: string | null;
  /** True when the peer is in auth.trustedProxy.addresses. */
  fromTrustedProxy: boolean;
  /** Best knowledge of the end client's address (audit log, rate limits). */
  address: string;
  /** Scheme the browser used, for the expected Origin and Secure cookies. */
  protocol: Protocol;
  /** Host the browser used (Host header, or x-forwarded-host from a trusted proxy). */
  host: string | null;
}

function first(value: string | null): string | null {
  const v = value?.split(',')[0]?.trim();
  return v ? v : null;
}

function asProtocol(value: string | null): Protocol | null {
  const v = value?.toLowerCase();
  return v === 'https' ? 'https:' : v === 'http' ? 'http:' : null;
}

export function resolveClient(req: { headers: Pick<Headers, 'get'>; url: string }, isTrustedProxy: (address: string) => boolean): ClientInfo {
  const h = req.headers;
  const peer = readPeer(h);
  if (peer && isTrustedProxy(peer.address)) {
    // Walk x-forwarded-for from the right (nearest hop) past our own proxies: entries to the
    // left of the first untrusted hop were written by the client and prove nothing.
    const hops = (h.get('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => normaliseAddress(s))
      .filter((a): a is string => a !== null);
    let address = peer.address;
    for (let i = hops.length - 1; i >= 0; i--) {
      address = hops[i] as string;
      if (!isTrustedProxy(address)) break;
    }
    return {
      peer: peer.address,
      fromTrustedProxy: true,
      address,
      protocol: asProtocol(first(h.get('x-forwarded-proto'))) ?? peer.protocol,
      host: first(h.get('x-forwarded-host')) ?? h.get('host'),
    };
  }
  if (peer) return { peer: peer.address, fromTrustedProxy: false, address: peer.address, protocol: peer.protocol, host: h.get('host') };
  // No stamp (instrumentation hook not installed, or a test): fall back to what Next fills in,
  // which a client can forge. Good enough for a log line, never for a trust decision.
  const hops = (h.get('x-forwarded-for') ?? '').split(',');
  const fallback = normaliseAddress(hops[hops.length - 1] ?? '') ?? 'unknown';
  return { peer: null, fromTrustedProxy: false, address: fallback, protocol: new URL(req.url).protocol === 'https:' ? 'https:' : 'http:', host: h.get('host') };
}
