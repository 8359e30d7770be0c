import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate, openDatabase, type Db } from './db';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('store migrations', () => {
  it('applies each component version once, across reopenings, in WAL mode', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'store-'));
    const file = path.join(dir, 'nested', 'c.sqlite');
    const steps = [
      { version: 2, description: 'add col', up: (db: Db) => db.exec('ALTER TABLE t ADD COLUMN b TEXT') },
      { version: 1, description: 'create', up: (db: Db) => db.exec('CREATE TABLE t (a INTEGER)') },
    ];
    let db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(migrate(db, 'demo', steps)).toBe(2);
    expect(migrate(db, 'other', [{ version: 1, description: 'x', up: (d) => d.exec('CREATE TABLE u (x)') }])).toBe(1);
    db.close();
    db = openDatabase(file);
    expect(migrate(db, 'demo', steps)).toBe(0);
    db.prepare('INSERT INTO t (a, b) VALUES (1, ?)').run('ok');
    expect(db.prepare('SELECT b FROM t').get()).toEqual({ b: 'ok' });
    db.close();
  });

  it('rolls back a failing migration and does not record it', () => {
    const db = openDatabase(':memory:');
    const bad = [
      {
        version: 1,
        description: 'broken',
        up: (d: Db) => {
          d.exec('CREATE TABLE z (a)');
          d.exec('NOT SQL');
        },
      },
    ];
    expect(() => migrate(db, 'c', bad)).toThrow();
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'z'").get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({ n: 0 });
  });
});
