import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '@/lib/store/db';
import { queryTotals } from '@/lib/accounting/store/query';
import { storedNodeStatus } from '@/lib/accounting/store/status';
import { sqliteAcctDb } from '@/lib/accounting/store/acct-db';
import { AcctStoreWriter, loadProgress } from '@/lib/accounting/store/writer';
import { createDirSource } from './dir-source';
import { AcctFollower } from './follower';
import { ingestionStatusFor } from './status';
import { boundListing, MAX_FILES, MAX_NAME_LENGTH, type SkippedFile } from './source';

const ROW = 'type,timeLogged,rcpt,vmta\nd,2026-11-26 10:00:05+0000,a@gmail.com,vmta-1\n';
const TH = { complaintRatePct: 0.1, bounceRatePct: 5, minDelivered: 1 };
let root: string;
let dir: string;
let db: Db;
const servers: net.Server[] = [];

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'acct-dir-'));
  dir = path.join(root, 'acct');
  mkdirSync(dir);
  db = openDatabase(':memory:');
});
afterEach(async () => {
  db.close();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  rmSync(root, { recursive: true, force: true });
});

describe('directory source', () => {
  it('follows regular files and links inside the directory, skips links out, FIFOs, sockets and directories', async () => {
    writeFileSync(path.join(root, 'session-secret'), 'SECRET-abc123\nline two of the secret\n');
    writeFileSync(path.join(dir, 'acct-1.csv'), ROW);
    writeFileSync(path.join(dir, 'real.data'), ROW);
    symlinkSync(path.join(dir, 'real.data'), path.join(dir, 'acct-2.csv')); // a link inside: fine
    symlinkSync(path.join(root, 'session-secret'), path.join(dir, 'acct-3.csv'));
    symlinkSync('../session-secret', path.join(dir, 'acct-4.csv'));
    symlinkSync('/etc/passwd', path.join(dir, 'acct-5.csv'));
    mkdirSync(path.join(dir, 'acct-6.csv'));
    execFileSync('mkfifo', [path.join(dir, 'acct-7.csv')]);
    const sock = net.createServer();
    servers.push(sock);
    await new Promise<void>((r) => sock.listen(path.join(dir, 'acct-8.csv'), r));

    const src = createDirSource(dir, 'acct-*.csv');
    expect((await src.list()).map((f) => f.name).sort()).toEqual(['acct-1.csv', 'acct-2.csv']);
    expect(src.skipped?.()).toEqual(
      expect.arrayContaining([
        { name: 'acct-3.csv', reason: 'symlink-outside' },
        { name: 'acct-4.csv', reason: 'symlink-outside' },
        { name: 'acct-5.csv', reason: 'symlink-outside' },
        { name: 'acct-6.csv', reason: 'not-a-regular-file' },
        { name: 'acct-7.csv', reason: 'not-a-regular-file' },
        { name: 'acct-8.csv', reason: 'not-a-regular-file' },
      ]),
    );
    await expect(src.read('acct-3.csv', 0, 1000)).rejects.toMatchObject({ code: 'ENOENT' });

    const writer = new AcctStoreWriter(db, { recentDiagnostics: 10, malformedSamples: 10 });
    const fw = new AcctFollower('n1', src, writer, () => loadProgress(db, 'n1'), { settleMs: 0 });
    await fw.poll(); // returns: the FIFO is never opened (it would block for a writer)
    expect((await queryTotals(sqliteAcctDb(db), {}, TH)).delivered).toBe(2);
    const st = await storedNodeStatus(sqliteAcctDb(db), 'n1');
    expect(st.malformed).toBe(0);
    expect(JSON.stringify(st.samples)).not.toContain('SECRET');
    expect(fw.status().skipped.map((s) => s.name)).toContain('acct-3.csv');
  });

  it('refuses a name swapped for a link out after the listing', async () => {
    writeFileSync(path.join(root, 'session-secret'), 'SECRET\n');
    writeFileSync(path.join(dir, 'acct-1.csv'), ROW);
    const src = createDirSource(dir, 'acct-*.csv');
    await src.list();
    rmSync(path.join(dir, 'acct-1.csv'));
    symlinkSync(path.join(root, 'session-secret'), path.join(dir, 'acct-1.csv'));
    await expect(src.read('acct-1.csv', 0, 1000)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await src.head?.('acct-1.csv', 10)).toBeNull();
  });

  it('bounds the number of files and the length of names it follows', async () => {
    for (let i = 0; i < MAX_FILES + 5; i++) writeFileSync(path.join(dir, `acct-${String(i).padStart(6, '0')}.csv`), '');
    const src = createDirSource(dir, 'acct-*.csv');
    const files = await src.list();
    expect(files).toHaveLength(MAX_FILES);
    expect(files.some((f) => f.name === 'acct-000000.csv')).toBe(false); // the oldest names go
    expect(src.skipped?.()).toEqual([{ name: '5 older file(s)', reason: 'too-many-files' }]);
    // A listing from a node's /logs can carry any name; a directory cannot go past 255 bytes.
    const skipped: SkippedFile[] = [];
    expect(
      boundListing(
        [
          { name: 'a'.repeat(MAX_NAME_LENGTH + 1), size: 1 },
          { name: 'acct.csv', size: 1 },
        ],
        skipped,
      ),
    ).toEqual([{ name: 'acct.csv', size: 1 }]);
    expect(skipped).toEqual([{ name: `${'a'.repeat(64)}…`, reason: 'name-too-long' }]);
  }, 30_000);
});

describe('malformed samples by role', () => {
  const status = [{ node: 'n1', samples: [{ file: 'a', line: 1, offset: 0, reason: 'unknown-type', text: 'SECRET', at: 1 }] }] as Parameters<
    typeof ingestionStatusFor
  >[1];
  it('shows the line text to admins only', () => {
    expect(ingestionStatusFor('admin', status)[0]!.samples[0]!.text).toBe('SECRET');
    for (const role of ['viewer', 'operator'] as const) {
      const s = ingestionStatusFor(role, status)[0]!.samples[0]!;
      expect(s).toMatchObject({ file: 'a', line: 1, reason: 'unknown-type', text: null });
    }
  });
});
