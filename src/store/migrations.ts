import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../domain/errors';
import { migrationsDir } from '../paths';
import type Database from 'better-sqlite3';

/** The connection (database.ts's Db; named here so the two files do not import each other). */
type Db = Database.Database;

export interface MigrationFile {
  name: string;
  sql: string;
}

/** The migration files in order: `NNNN_name.sql`, sorted by name. */
export function readMigrations(dir = migrationsDir): MigrationFile[] {
  return readdirSync(dir)
    .filter((file) => /^\d{4}_[\w-]+\.sql$/.test(file))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name), 'utf8') }));
}

/**
 * A migration's checksum: SHA-256 of its text with line endings made \n, so a checkout that turns
 * them into \r\n (git on Windows) does not read as an edit.
 */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

/** One row of schema_migrations, in the order the migrations were applied. */
export interface AppliedMigration {
  name: string;
  checksum: string | null;
}

/**
 * Pure: whether the applied migrations are the start of the file list, in order, each with the
 * checksum it had when applied (a row without one, from before checksums were kept, passes).
 * Throws the first disagreement as an AppError with one Dutch line; the idea is loot-core's
 * (actualbudget/actual) "out-of-sync migrations" check.
 */
function checkMigrationHistory(applied: AppliedMigration[], files: MigrationFile[]): void {
  const byName = new Map(files.map((f) => [f.name, f]));
  const missing = applied.filter((a) => !byName.has(a.name)).map((a) => a.name);
  if (missing.length > 0) {
    throw new AppError(
      'migration_missing',
      `De database kent migraties die deze versie niet heeft: ${missing.join(', ')}. Start een nieuwere versie van de bot, of zet de back-up van vóór de upgrade terug.`,
    );
  }
  for (const [index, row] of applied.entries()) {
    const file = files[index]!;
    if (file.name !== row.name && applied.some((a) => a.name === file.name)) {
      throw new AppError('migration_out_of_order', `De migraties zijn in een andere volgorde toegepast dan hun nummers: ${row.name} vóór ${file.name}. Zet de back-up van vóór de upgrade terug.`);
    }
    if (file.name !== row.name) {
      // The applied list is not the start of the files: a file before `row` was never applied.
      throw new AppError(
        'migration_out_of_order',
        `Migratie ${file.name} staat vóór de al toegepaste ${row.name} maar is nooit toegepast. Geef hem een nummer na de laatste toegepaste migratie (${applied.at(-1)!.name}).`,
      );
    }
    if (row.checksum !== null && row.checksum !== migrationChecksum(file.sql)) {
      throw new AppError(
        'migration_edited',
        `Migratie ${row.name} is gewijzigd nadat hij is toegepast. Zet de oorspronkelijke inhoud terug en zet de wijziging in een nieuwe migratie.`,
      );
    }
  }
}

/**
 * Checks the migration history (checkMigrationHistory), then applies every migration not yet
 * recorded in `schema_migrations`, each in its own transaction with its checksum. Returns the
 * names applied now.
 */
export function migrate(db: Db, migrations = readMigrations()): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
  ) STRICT`);
  // Databases migrated before checksums were kept: add the column, and record what the files hold
  // now for the rows without one (from here on an edit of those files is noticed).
  const columns = db.prepare("SELECT name FROM pragma_table_info('schema_migrations')").pluck().all() as string[];
  if (!columns.includes('checksum')) db.exec('ALTER TABLE schema_migrations ADD COLUMN checksum TEXT');
  // Applied order is insertion order (rowid), which must also be the files' order.
  const applied = db.prepare('SELECT name, checksum FROM schema_migrations ORDER BY rowid').all() as AppliedMigration[];
  checkMigrationHistory(applied, migrations);
  const fill = db.prepare('UPDATE schema_migrations SET checksum = ? WHERE name = ? AND checksum IS NULL');
  db.transaction(() => {
    for (const [index, row] of applied.entries()) if (row.checksum === null) fill.run(migrationChecksum(migrations[index]!.sql), row.name);
  })();

  const record = db.prepare('INSERT INTO schema_migrations (name, applied_at, checksum) VALUES (?, ?, ?)');
  const done: string[] = [];
  for (const migration of migrations.slice(applied.length)) {
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.name, new Date().toISOString(), migrationChecksum(migration.sql));
    })();
    done.push(migration.name);
  }
  return done;
}
