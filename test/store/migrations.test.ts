import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors';
import { openDatabase } from '../../src/store/database';
import { migrate, migrationChecksum, readMigrations, type MigrationFile } from '../../src/store/migrations';

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'opvangbot-migrations-'));
  path = join(dir, 'test.sqlite');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const files: MigrationFile[] = [
  { name: '0001_a.sql', sql: 'CREATE TABLE a (x INTEGER) STRICT;' },
  { name: '0002_b.sql', sql: 'CREATE TABLE b (x INTEGER) STRICT;' },
  { name: '0004_d.sql', sql: 'CREATE TABLE d (x INTEGER) STRICT;' },
];

/** The AppError migrate throws, or undefined when it does not throw. */
function refusal(db: Database.Database, list: MigrationFile[]): AppError | undefined {
  try {
    migrate(db, list);
    return undefined;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}

const rows = (db: Database.Database) => db.prepare('SELECT name, checksum FROM schema_migrations ORDER BY rowid').all();

describe('migration history', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = new Database(path);
  });
  afterEach(() => db.close());

  it('records each applied migration with its checksum, and applies new files after the last one', () => {
    expect(migrate(db, files.slice(0, 2))).toEqual(['0001_a.sql', '0002_b.sql']);
    expect(migrate(db, files)).toEqual(['0004_d.sql']);
    expect(migrate(db, files)).toEqual([]);
    expect(rows(db)).toEqual(files.map((f) => ({ name: f.name, checksum: migrationChecksum(f.sql) })));
  });

  it('adds the checksum column to a database migrated before checksums were kept, with the checksums of today', () => {
    db.exec(`CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT;
             CREATE TABLE a (x INTEGER) STRICT; CREATE TABLE b (x INTEGER) STRICT;
             INSERT INTO schema_migrations VALUES ('0001_a.sql', '2022-05-01T00:00:00Z'), ('0002_b.sql', '2022-05-01T00:00:00Z');`);
    expect(migrate(db, files)).toEqual(['0004_d.sql']);
    expect(rows(db)).toEqual(files.map((f) => ({ name: f.name, checksum: migrationChecksum(f.sql) })));
    // From now on an edit of those files is noticed.
    expect(refusal(db, [{ ...files[0]!, sql: 'CREATE TABLE a (x INTEGER, y TEXT) STRICT;' }, ...files.slice(1)])?.code).toBe('migration_edited');
  });

  it('refuses an applied migration that was edited, and applies nothing', () => {
    migrate(db, files.slice(0, 2));
    const edited = [files[0]!, { ...files[1]!, sql: 'CREATE TABLE b (x INTEGER, y INTEGER) STRICT;' }, files[2]!];
    const error = refusal(db, edited);
    expect(error?.code).toBe('migration_edited');
    expect(error?.message).toBe('Migratie 0002_b.sql is gewijzigd nadat hij is toegepast. Zet de oorspronkelijke inhoud terug en zet de wijziging in een nieuwe migratie.');
    expect(rows(db)).toHaveLength(2);
  });

  it('reads \\r\\n line endings (a Windows checkout) as the same migration', () => {
    const multiLine = [{ name: '0001_a.sql', sql: '-- a\nCREATE TABLE a (x INTEGER) STRICT;\n' }];
    migrate(db, multiLine);
    expect(refusal(db, [{ ...multiLine[0]!, sql: multiLine[0]!.sql.replace(/\n/g, '\r\n') }])).toBeUndefined();
  });

  it('refuses a file added with a lower number than the last applied one', () => {
    migrate(db, [files[0]!, files[2]!]);
    const error = refusal(db, files);
    expect(error?.code).toBe('migration_out_of_order');
    expect(error?.message).toBe('Migratie 0002_b.sql staat vóór de al toegepaste 0004_d.sql maar is nooit toegepast. Geef hem een nummer na de laatste toegepaste migratie (0004_d.sql).');
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'b'").pluck().get()).toBe(0);
  });

  it('refuses migrations that were applied in another order than their numbers', () => {
    // Applied: 0002 then 0001 (possible only by renaming files, or by hand).
    migrate(db, [files[1]!]);
    db.exec(files[0]!.sql);
    db.prepare("INSERT INTO schema_migrations (name, applied_at, checksum) VALUES ('0001_a.sql', 'x', ?)").run(migrationChecksum(files[0]!.sql));
    const error = refusal(db, files);
    expect(error?.code).toBe('migration_out_of_order');
    expect(error?.message).toContain('in een andere volgorde toegepast dan hun nummers: 0002_b.sql vóór 0001_a.sql');
  });

  it('refuses a database that knows a migration whose file is missing (a downgrade or a deleted file)', () => {
    migrate(db, files);
    const error = refusal(db, files.slice(0, 2));
    expect(error?.code).toBe('migration_missing');
    expect(error?.message).toContain('0004_d.sql');
  });
});

describe('the bot refuses to start', () => {
  // The real migration files; the database's record is changed the way each case would leave it.
  const cases: [string, (db: Database.Database) => void, string][] = [
    ['an applied migration was edited', (db) => db.prepare("UPDATE schema_migrations SET checksum = 'edited' WHERE name = ?").run(readMigrations()[0]!.name), 'is gewijzigd nadat hij is toegepast'],
    ['a file comes before an applied one but was never applied', (db) => db.prepare('DELETE FROM schema_migrations WHERE name = ?').run(readMigrations()[0]!.name), 'maar is nooit toegepast'],
    ['a migration file is missing', (db) => db.prepare("INSERT INTO schema_migrations (name, applied_at, checksum) VALUES ('9999_future.sql', '2030-01-01T00:00:00Z', 'x')").run(), 'De database kent migraties die deze versie niet heeft: 9999_future.sql'],
  ];

  it.each(cases)('when %s: one Dutch line, exit code 2', (_case, change, line) => {
    const db = openDatabase(path);
    change(db);
    db.close();
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { PATH: process.env.PATH, DATABASE_PATH: path, SLACK_BOT_TOKEN: 'xoxb-x', SLACK_SIGNING_SECRET: 'secret', PORT: '0', LOG_LEVEL: 'warn' },
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringContaining(line)]);
  });
});
