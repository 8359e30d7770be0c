import 'server-only';
import Database from 'better-sqlite3';
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';

export type Db = Database.Database;

/** A versioned schema step of one component (audit, history, accounting…). */
export interface Migration {
  version: number;
  description: string;
  up: (db: Db) => void;
}

/**
 * Open (creating if needed) the console's SQLite file in WAL mode: readers never block the
 * single writer, and a crash loses at most the transaction in flight.
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') makeDirectory(path.dirname(path.resolve(file)));
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL is durable across application crashes in WAL mode; only a power loss can drop
  // the last transactions, which FULL would add an fsync per commit to prevent.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    component TEXT NOT NULL,
    version INTEGER NOT NULL,
    description TEXT NOT NULL,
    applied_at INTEGER NOT NULL,
    PRIMARY KEY (component, version)
  )`);
  return db;
}

/**
 * Create `dir` and its missing parents one level at a time. Not `mkdirSync(…, {recursive})`:
 * on Node 20 that loops forever under /proc (every missing level reads as "exists"), so a
 * store path there hung the console at start-up instead of failing. Each step throws the OS
 * error (ENOTDIR, EACCES, ENOENT…) for the caller to report.
 */
export function makeDirectory(dir: string, mode?: number): void {
  const missing: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    try {
      if (!statSync(d).isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, '${d}'`), { code: 'ENOTDIR' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || path.dirname(d) === d) throw e;
      missing.push(d);
    }
  }
  for (const d of missing.reverse()) mkdirSync(d, { mode });
}

/**
 * Apply a component's migrations that are not applied yet, each in its own transaction.
 * Components version independently so features can evolve their tables without colliding.
 */
export function migrate(db: Db, component: string, migrations: Migration[]): number {
  const applied = new Set(
    db
      .prepare('SELECT version FROM schema_migrations WHERE component = ?')
      .all(component)
      .map((r) => (r as { version: number }).version),
  );
  const record = db.prepare('INSERT INTO schema_migrations (component, version, description, applied_at) VALUES (?, ?, ?, ?)');
  let count = 0;
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      m.up(db);
      record.run(component, m.version, m.description, Date.now());
    })();
    count++;
  }
  return count;
}
