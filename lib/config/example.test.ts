// The shipped example configuration must stay valid as the schema evolves.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_USERS } from '@/lib/auth/demo-users';
import { parseConfig } from './load';

const file = path.resolve(import.meta.dirname, '../../pmta-console.example.yaml');
const replicaFile = path.resolve(import.meta.dirname, '../../deploy/replica.example.yaml');

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

describe('deploy/replica.example.yaml', () => {
  it('parses as one replica of several on PostgreSQL', () => {
    const cfg = parseConfig(readFileSync(replicaFile, 'utf8'), replicaFile, {
      PMTA_MTA1_API_KEY: 'k'.repeat(40),
      PMTA_MTA2_API_KEY: 'l'.repeat(40),
      ALICE_PASSWORD_HASH: DEMO_USERS[0]!.passwordHash,
      PMTA_CONSOLE_SESSION_SECRET: 's'.repeat(48),
    });
    expect(cfg.store.kind).toBe('postgres');
    expect(cfg.store.postgres.tls.mode).toBe('verify-full');
    expect(cfg.cluster).toMatchObject({ enabled: true, replicaId: 'console-a', internalUrl: 'http://10.0.0.21:3000' });
    expect(cfg.auth.sessionSecret).toBe('s'.repeat(48));
  });
});
