import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { migrationsDir } from '../paths';
import { attachBarrier } from './durability';

export type Db = Database.Database;

/** Opens (creating if needed) the database with the pragmas the bot relies on, then migrates it. */
export function openDatabase(path: string, options: { migrate?: boolean } = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // NORMAL: a commit does not wait for the disk, and a process crash loses nothing. What must also
  // survive a power loss waits for flushDurable() (group commit, see durability.ts) before anyone
  // is told it happened: the ack of a Slack request, an outbox post.
  db.pragma('synchronous = NORMAL');
  if (path !== ':memory:') attachBarrier(db, resolve(path));
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  if (options.migrate !== false) migrate(db);
  return db;
}

export interface MigrationFile {
  name: string;
  sql: string;
}

export function readMigrations(dir = migrationsDir): MigrationFile[] {
  return readdirSync(dir)
    .filter((file) => /^\d{4}_[\w-]+\.sql$/.test(file))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name), 'utf8') }));
}

/**
 * Applies every migration not yet recorded in `schema_migrations`, each in its own transaction.
 * Refuses to start when the database knows a migration this code does not have (a downgrade).
 */
export function migrate(db: Db, migrations = readMigrations()): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const applied = new Set(
    db.prepare('SELECT name FROM schema_migrations').pluck().all() as string[],
  );
  const known = new Set(migrations.map((m) => m.name));
  const unknown = [...applied].filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new Error(`De database kent migraties die deze versie niet heeft: ${unknown.join(', ')}. Gebruik een nieuwere versie van de bot.`);
  }
  const record = db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)');
  const done: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.name)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.name, new Date().toISOString());
    })();
    done.push(migration.name);
  }
  return done;
}

/** A cheap liveness check for /healthz. */
export function databaseHealth(db: Db): { ok: boolean; migrations: number; error?: string } {
  try {
    const migrations = db.prepare('SELECT count(*) FROM schema_migrations').pluck().get() as number;
    return { ok: true, migrations };
  } catch (error) {
    return { ok: false, migrations: 0, error: (error as Error).message };
  }
}

/** Builds a feature's prepared statements once per database connection and reuses them. */
export function perDatabase<T>(factory: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>();
  return (db) => {
    let value = cache.get(db);
    if (value === undefined) {
      value = factory(db);
      cache.set(db, value);
    }
    return value;
  };
}

const changeCounters = perDatabase((db: Db) => ({
  changes: db.prepare('SELECT total_changes()').pluck(),
  dataVersion: db.prepare('PRAGMA data_version').pluck(),
}));

/**
 * Changes whenever the data may have: every write through this connection (total_changes()) and
 * writes by other processes, e.g. npm run import (data_version). Read models cache on it.
 */
export function changeStamp(db: Db): string {
  const counters = changeCounters(db);
  return `${counters.changes.get() as number}|${counters.dataVersion.get() as number}`;
}
