import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { attachBarrier } from './durability';
import { migrate } from './migrations';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the database with the pragmas the bot relies on, then migrates it
 * (migrations.ts: throws an AppError with a START_REFUSALS code when the history does not fit).
 */
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
