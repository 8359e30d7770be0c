import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiRoute } from '@/lib/api/route';
import { testContract } from '@/lib/api/test-contract';
import { GET as me } from '@/app/api/auth/me/route';
import { addressMatcher, parseCidr } from './cidr';
import { resolveClient } from './client-address';
import { formatPeerStamp, installPeerAddressStamp, PEER_HEADER, readPeer } from './peer-address';
import { installTestRuntime, removeTestRuntime, replaceTestRuntime } from '@/lib/runtime/__fixtures__/test-runtime';
import type { Runtime } from '@/lib/runtime/runtime';
import { testAuthConfig } from '@/lib/auth/__fixtures__/test-auth';

const PROXY = { header: 'x-forwarded-user', roleHeader: 'x-forwarded-role', defaultRole: 'viewer' as const, addresses: ['10.0.0.0/8', '::1'] };
const whoami = apiRoute(testContract({ role: 'viewer' }), ({ user, clientAddress, auth }) => ({ user, clientAddress, csrfToken: auth.csrfToken }));
const act = apiRoute(testContract({ role: 'operator' }), ({ user }) => ({ user }));

function req(headers: Record<string, string>, method = 'GET'): Request {
  return new Request('http://console.internal/api/x', { method, headers: { host: 'console.internal', ...headers } });
}

let rt: Runtime | undefined;
beforeEach(() => {
  rt = installTestRuntime({ authConfig: testAuthConfig({ trustedProxy: PROXY }) });
});
afterEach(() => removeTestRuntime(rt));

describe('trusted proxy authentication', () => {
  it('honours the user header when the verified peer is a configured proxy', async () => {
    const res = await whoami(req({ [PEER_HEADER]: formatPeerStamp('10.1.2.3'), 'x-forwarded-user': 'sso.jane', 'x-forwarded-for': '198.51.100.9' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ user: { username: 'sso.jane', role: 'viewer' }, clientAddress: '198.51.100.9' });
  });

  it('ignores the header from any other peer', async () => {
    const res = await whoami(req({ [PEER_HEADER]: formatPeerStamp('192.0.2.50'), 'x-forwarded-user': 'admin' }));
    expect(res.status).toBe(401);
  });

  it('ignores a forged peer stamp and a spoofed x-forwarded-for', async () => {
    const forged = `${'0'.repeat(32)} 10.1.2.3 http:`;
    expect((await whoami(req({ [PEER_HEADER]: forged, 'x-forwarded-user': 'admin' }))).status).toBe(401);
    expect((await whoami(req({ 'x-forwarded-for': '10.1.2.3', 'x-forwarded-user': 'admin' }))).status).toBe(401);
  });

  it('takes the role from the role header, else the users list, else the default', async () => {
    const as = async (headers: Record<string, string>) =>
      ((await (await whoami(req({ [PEER_HEADER]: formatPeerStamp('::ffff:10.0.0.1'), ...headers }))).json()) as { user: unknown }).user;
    expect(await as({ 'x-forwarded-user': 'jane', 'x-forwarded-role': 'Operator' })).toEqual({ username: 'jane', role: 'operator' });
    expect(await as({ 'x-forwarded-user': 'admin' })).toEqual({ username: 'admin', role: 'admin' });
    expect(await as({ 'x-forwarded-user': 'jane', 'x-forwarded-role': 'root' })).toEqual({ username: 'jane', role: 'viewer' });
  });

  it('still enforces roles and CSRF for proxy users', async () => {
    const peer = { [PEER_HEADER]: formatPeerStamp('10.0.0.1'), 'x-forwarded-user': 'jane' };
    expect((await act(req({ ...peer, 'x-forwarded-role': 'viewer' }, 'POST'))).status).toBe(403);
    const me = (await (await whoami(req({ ...peer, 'x-forwarded-role': 'operator' }))).json()) as { csrfToken: string };
    const op = { ...peer, 'x-forwarded-role': 'operator', origin: 'http://console.internal' };
    expect(((await (await act(req(op, 'POST'))).json()) as { error: { code: string } }).error.code).toBe('csrf');
    expect((await act(req({ ...op, 'x-csrf-token': me.csrfToken }, 'POST'))).status).toBe(200);
  });

  it('/api/auth/me hands proxy users a CSRF cookie (they never see a login response)', async () => {
    const res = await me(req({ [PEER_HEADER]: formatPeerStamp('10.0.0.1'), 'x-forwarded-user': 'jane' }));
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    expect(res.headers.getSetCookie()).toEqual([`pmta_csrf=${csrfToken}; Path=/; SameSite=Lax`]);
  });

  it('without trustedProxy configured, the header means nothing', async () => {
    rt = replaceTestRuntime(rt, { authConfig: testAuthConfig() });
    expect((await whoami(req({ [PEER_HEADER]: formatPeerStamp('10.0.0.1'), 'x-forwarded-user': 'admin' }))).status).toBe(401);
  });
});

describe('resolveClient', () => {
  const trusted = addressMatcher(['10.0.0.0/8']);

  it('walks x-forwarded-for from the right past trusted hops', () => {
    const c = resolveClient(req({ [PEER_HEADER]: formatPeerStamp('10.0.0.2'), 'x-forwarded-for': '6.6.6.6, 203.0.113.4, 10.0.0.9' }), trusted);
    expect(c).toMatchObject({ peer: '10.0.0.2', fromTrustedProxy: true, address: '203.0.113.4' });
  });

  it('believes x-forwarded-proto/host only from a trusted proxy', () => {
    const fwd = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'console.example.net' };
    expect(resolveClient(req({ [PEER_HEADER]: formatPeerStamp('10.0.0.2'), ...fwd }), trusted)).toMatchObject({
      protocol: 'https:',
      host: 'console.example.net',
    });
    expect(resolveClient(req({ [PEER_HEADER]: formatPeerStamp('192.0.2.1'), ...fwd }), trusted)).toMatchObject({
      protocol: 'http:',
      host: 'console.internal',
      address: '192.0.2.1',
    });
  });

  it('falls back to x-forwarded-for (untrusted) when there is no stamp', () => {
    expect(resolveClient(req({ 'x-forwarded-for': '192.0.2.1, 192.0.2.2' }), trusted)).toMatchObject({
      peer: null,
      fromTrustedProxy: false,
      address: '192.0.2.2',
    });
    expect(resolveClient(req({}), trusted).address).toBe('unknown');
  });
});

describe('CIDR matching', () => {
  it('matches IPv4, IPv6 and IPv4-mapped addresses', () => {
    const m = addressMatcher(['10.0.0.0/8', '192.168.1.5', 'fd00::/8']);
    expect(['10.255.0.1', '::ffff:10.0.0.1', '192.168.1.5', 'fd12::1'].every(m)).toBe(true);
    expect(['11.0.0.1', '192.168.1.6', 'fe80::1', 'garbage', '', null].some(m)).toBe(false);
  });

  it('rejects malformed entries', () => {
    expect(parseCidr('10.0.0.0/33')).toMatch(/prefix/);
    expect(parseCidr('10.0.0/8')).toMatch(/not an/);
    expect(parseCidr('::1/129')).toMatch(/prefix/);
    expect(parseCidr('1.2.3.4/8/9')).toMatch(/not an/);
  });
});

describe('peer address stamp on a real server', () => {
  it('stamps the socket address and overwrites a client-supplied stamp', async () => {
    installPeerAddressStamp();
    const server = http.createServer((r, res) => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(r.headers)) if (typeof v === 'string') headers.set(k, v);
      res.end(JSON.stringify(readPeer(headers)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_HEADER]: `${'0'.repeat(32)} 10.0.0.1 https:`, 'x-forwarded-for': '10.0.0.1' } });
      expect(await res.json()).toEqual({ address: '127.0.0.1', protocol: 'http:' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
