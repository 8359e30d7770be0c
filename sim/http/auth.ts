// Access control as PowerMTA does it: a valid `X-API-Key` is admin from anywhere; otherwise
// the first `http-access CIDR level` rule matching the client IP decides; no match = none.

import { BlockList, isIP } from 'node:net';

export const LEVELS = ['none', 'monitor', 'operator', 'admin'] as const;
export type AccessLevel = (typeof LEVELS)[number];

export interface AccessRule {
  cidr: string;
  level: AccessLevel;
}

export const DEFAULT_ACCESS: readonly AccessRule[] = [
  { cidr: '127.0.0.1/32', level: 'monitor' },
  { cidr: '::1/128', level: 'monitor' },
];

export const API_KEY_RE = /^[A-Za-z0-9_]{32,128}$/;

/** Parses `CIDR=level` (the CLI's form). */
export function parseAccessRule(text: string): AccessRule {
  const eq = text.lastIndexOf('=');
  if (eq < 0) throw new Error(`access rule "${text}" must look like CIDR=level`);
  const cidr = text.slice(0, eq).trim();
  const level = text
    .slice(eq + 1)
    .trim()
    .toLowerCase();
  if (!(LEVELS as readonly string[]).includes(level)) throw new Error(`unknown access level "${level}" (none|monitor|operator|admin)`);
  compileRule({ cidr, level: level as AccessLevel });
  return { cidr, level: level as AccessLevel };
}

/** IPv4-mapped IPv6 (`::ffff:127.0.0.1`) is how Node reports IPv4 clients on dual-stack sockets. */
export function normaliseIp(ip: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return m?.[1] ?? ip;
}

interface CompiledRule {
  list: BlockList;
  family: 'ipv4' | 'ipv6';
  level: AccessLevel;
}

function compileRule(rule: AccessRule): CompiledRule {
  const [addr = '', bitsText] = rule.cidr.split('/');
  const fam = isIP(addr);
  if (fam === 0) throw new Error(`invalid address in access rule "${rule.cidr}"`);
  const family = fam === 4 ? 'ipv4' : 'ipv6';
  const max = fam === 4 ? 32 : 128;
  const bits = bitsText === undefined ? max : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > max) throw new Error(`invalid prefix in access rule "${rule.cidr}"`);
  const list = new BlockList();
  list.addSubnet(addr, bits, family);
  return { list, family, level: rule.level };
}

export class AccessControl {
  private readonly rules: CompiledRule[];
  private readonly keys: ReadonlySet<string>;

  constructor(
    rules: readonly AccessRule[],
    apiKeys: readonly string[],
    private readonly keysEnabled: boolean,
  ) {
    this.rules = rules.map(compileRule);
    for (const k of apiKeys) if (!API_KEY_RE.test(k)) throw new Error('API keys must be 32-128 characters of [A-Za-z0-9_]');
    this.keys = new Set(apiKeys);
  }

  levelFor(remoteIp: string, apiKey: string | undefined): AccessLevel {
    if (this.keysEnabled && apiKey !== undefined && this.keys.has(apiKey)) return 'admin';
    const ip = normaliseIp(remoteIp);
    const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
    for (const r of this.rules) if (r.family === family && r.list.check(ip, family)) return r.level;
    return 'none';
  }
}

export function atLeast(level: AccessLevel, needed: AccessLevel): boolean {
  return LEVELS.indexOf(level) >= LEVELS.indexOf(needed);
}

export function isLoopback(remoteIp: string): boolean {
  const ip = normaliseIp(remoteIp);
  return ip === '::1' || ip.startsWith('127.');
}
