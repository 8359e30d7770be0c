// The shipped example configuration must stay valid as the schema evolves.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_USERS } from '@/lib/auth/demo-users';
import { parseConfig } from './load';

const file = path.resolve(import.meta.dirname, '../../pmta-console.example.yaml');

describe('pmta-console.example.yaml', () => {
  it('parses with its documented environment variables', () => {
    const cfg = parseConfig(readFileSync(file, 'utf8'), file, {
      PMTA_MTA1_API_KEY: 'k'.repeat(40),
      ALICE_PASSWORD_HASH: DEMO_USERS[0]!.passwordHash,
      PMTA_CONSOLE_SESSION_SECRET: 's'.repeat(48),
      PMTA_CONSOLE_METRICS_TOKEN: 'm'.repeat(32),
    });
    expect(cfg.nodes.map((n) => n.id)).toEqual(['mta1', 'mta2']);
    expect(cfg.nodes[0]?.tls.insecure).toBe(true);
  });
});
