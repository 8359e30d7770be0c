import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './load';
import { DEMO_USERS } from '@/lib/auth/demo-users';

const NODES = 'nodes:\n  - id: mta1\n    url: http://127.0.0.1:8080\n';
const HASH = DEMO_USERS[0]!.passwordHash;

function problems(text: string, env = {} as NodeJS.ProcessEnv): string[] {
  try {
    parseConfig(text, 'console.yaml', env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('users and auth config', () => {
  it('defaults to no users and documented auth settings', () => {
    const cfg = parseConfig(NODES, 'x', {});
    expect(cfg.users).toEqual([]);
    expect(cfg.auth).toEqual({ sessionHours: 12, idleTimeoutMinutes: 60, cookieSecure: 'auto', loginRateLimit: { attempts: 5, windowSeconds: 300 } });
  });

  it('accepts users with valid hashes and a full auth section', () => {
    const cfg = parseConfig(
      `${NODES}users:\n  - { username: alice, passwordHash: "${HASH}", role: operator }\nauth:\n  sessionSecret: \${SECRET}\n  sessionHours: 8\n  cookieSecure: true\n  metricsToken: abcdefghijklmnop\n  trustedProxy:\n    header: X-Forwarded-User\n    addresses: [10.0.0.0/8, "::1"]\n  loginRateLimit: { attempts: 3 }\n`,
      'x',
      { SECRET: 's'.repeat(40) },
    );
    expect(cfg.users[0]).toMatchObject({ username: 'alice', role: 'operator' });
    expect(cfg.auth.trustedProxy).toEqual({ header: 'x-forwarded-user', defaultRole: 'viewer', addresses: ['10.0.0.0/8', '::1'] });
    expect(cfg.auth.loginRateLimit).toEqual({ attempts: 3, windowSeconds: 300 });
  });

  it('takes an allowedHosts list of host names, optionally with a port', () => {
    expect(parseConfig(`${NODES}auth:\n  allowedHosts: [console.example.net, "127.0.0.1:3000", "[::1]:8443"]\n`, 'x', {}).auth.allowedHosts).toEqual([
      'console.example.net',
      '127.0.0.1:3000',
      '[::1]:8443',
    ]);
    expect(problems(`${NODES}auth:\n  allowedHosts: ["https://console.example.net/"]\n`).join('\n')).toMatch(/auth\.allowedHosts\[0\]: a host name/);
  });

  it('stops start-up on a malformed password hash, naming the user', () => {
    expect(problems(`${NODES}users:\n  - { username: bob, passwordHash: hunter2, role: admin }\n`)).toEqual([
      'users[0].passwordHash: expected "scrypt$N$r$p$salt$hash" (generate one with `npm run hash-password`)',
    ]);
  });

  it('rejects duplicate usernames (case-insensitively) and unknown roles', () => {
    const p = problems(
      `${NODES}users:\n  - { username: ann, passwordHash: "${HASH}", role: viewer }\n  - { username: Ann, passwordHash: "${HASH}", role: root }\n`,
    );
    expect(p.some((m) => m.startsWith('users[1].role'))).toBe(true);
    expect(
      problems(`${NODES}users:\n  - { username: ann, passwordHash: "${HASH}", role: viewer }\n  - { username: Ann, passwordHash: "${HASH}", role: admin }\n`),
    ).toEqual(['users[1].username: duplicate username "Ann"']);
  });

  it('rejects a short secret, bad CIDRs and unknown keys', () => {
    expect(problems(`${NODES}auth:\n  sessionSecret: short\n`)).toEqual([expect.stringMatching(/^auth\.sessionSecret: at least 32/)]);
    expect(problems(`${NODES}auth:\n  trustedProxy: { header: x-user, addresses: [10.0.0.0/33] }\n`)).toEqual([
      'auth.trustedProxy.addresses[0]: "10.0.0.0/33": prefix must be 0-32',
    ]);
    expect(problems(`${NODES}auth:\n  trustedProxy: { header: x-user, addresses: [] }\n`)[0]).toMatch(/auth\.trustedProxy\.addresses/);
    expect(problems(`${NODES}auth:\n  sessionMinutes: 5\n`)[0]).toMatch(/sessionMinutes/);
  });
});
