// Address lists for `auth.trustedProxy.addresses`: IPv4/IPv6 CIDRs or bare addresses,
// matched with node's BlockList. IPv4-mapped IPv6 peers ("::ffff:10.0.0.5", what a socket
// bound to "::" reports for IPv4 clients) are compared as plain IPv4 so "10.0.0.0/8" works.
import { BlockList, isIP } from 'node:net';

export interface Cidr {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** Strip an IPv4-mapped prefix and IPv6 zone/brackets; null when it is not an address. */
export function normaliseAddress(raw: string): string | null {
  let a = raw.trim();
  if (a.startsWith('[') && a.endsWith(']')) a = a.slice(1, -1);
  const zone = a.indexOf('%');
  if (zone > 0) a = a.slice(0, zone);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(a);
  if (mapped?.[1]) a = mapped[1];
  return isIP(a) ? a.toLowerCase() : null;
}

export function parseCidr(text: string): Cidr | string {
  const [addrText = '', prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return `"${text}" is not an address or CIDR`;
  const address = normaliseAddress(addrText);
  if (!address) return `"${text}" is not an IPv4/IPv6 address or CIDR`;
  const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
  const max = family === 'ipv4' ? 32 : 128;
  if (prefixText === undefined) return { address, prefix: max, family };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max) return `"${text}": prefix must be 0-${max}`;
  return { address, prefix: Number(prefixText), family };
}

/** A predicate answering "is this peer address in the list?"; malformed entries throw. */
export function addressMatcher(cidrs: readonly string[]): (address: string | null | undefined) => boolean {
  const list = new BlockList();
  for (const text of cidrs) {
    const c = parseCidr(text);
    if (typeof c === 'string') throw new Error(c);
    list.addSubnet(c.address, c.prefix, c.family);
  }
  return (address) => {
    const a = address ? normaliseAddress(address) : null;
    return a !== null && list.check(a, isIP(a) === 4 ? 'ipv4' : 'ipv6');
  };
}
