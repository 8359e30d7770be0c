// The test cluster itself: reachable at the injected URL, on loopback only, no Unix socket.
import { describe, expect, inject, it } from 'vitest';
import pg from 'pg';

describe('the throw-away PostgreSQL cluster', () => {
  it('answers on 127.0.0.1 only, without a Unix socket', async () => {
    const url = new URL(inject('postgresUrl'));
    expect(url.hostname).toBe('127.0.0.1');
    // On a port of this worktree's share (PMTA_TEST_PG_PORTS, default 5450-5459).
    const [low, high] = (process.env.PMTA_TEST_PG_PORTS ?? '5450-5459').split('-').map(Number);
    expect(Number(url.port)).toBeGreaterThanOrEqual(low!);
    expect(Number(url.port)).toBeLessThanOrEqual(high!);
    const c = new pg.Client({ connectionString: url.href });
    await c.connect();
    try {
      const r = await c.query<{ listen: string; sockets: string; db: string }>(
        "SELECT current_setting('listen_addresses') AS listen, current_setting('unix_socket_directories') AS sockets, current_database() AS db",
      );
      expect(r.rows[0]).toEqual({ listen: '127.0.0.1', sockets: '', db: 'console_test' });
    } finally {
      await c.end();
    }
  });
});
