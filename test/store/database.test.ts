import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/store/database';
import { migrate, readMigrations } from '../../src/store/migrations';
import { seedBaseline } from '../../src/seed/seed';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'opvangbot-db-'));
  db = openDatabase(join(dir, 'test.sqlite'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('database', () => {
  it('runs in WAL mode with foreign keys and records every applied migration', () => {
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const applied = db.prepare('SELECT name FROM schema_migrations ORDER BY name').pluck().all();
    expect(applied).toEqual(readMigrations().map((m) => m.name));
    expect(migrate(db)).toEqual([]);
  });

  it('rolls a failing migration back completely', () => {
    const bad = [...readMigrations(), { name: '9998_broken.sql', sql: 'CREATE TABLE half_done (x INTEGER) STRICT; INSERT INTO nope VALUES (1);' }];
    expect(() => migrate(db, bad)).toThrow();
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").pluck().get()).toBe(0);
    expect(db.prepare("SELECT count(*) FROM schema_migrations WHERE name = '9998_broken.sql'").pluck().get()).toBe(0);
  });

  it('refuses what must never be stored: negative places, unknown stages, impossible dates', () => {
    seedBaseline(db);
    const location = (places: number, stage: string, opensOn: string | null) =>
      db
        .prepare(
          `INSERT INTO locations (municipality_id, name, target_group, stage, places, occupied, opens_on, created_at, created_by, updated_at, updated_by)
           VALUES (1, 'X', 'cno', ?, ?, 0, ?, 'now', 'U1', 'now', 'U1')`,
        )
        .run(stage, places, opensOn);
    expect(() => location(-1, 'operationeel', null)).toThrow(/CHECK/);
    expect(() => location(1, 'misschien', null)).toThrow(/CHECK/);
    expect(() => location(1, 'operationeel', '2022-02-30')).toThrow(/CHECK/);
  });
});

describe('seed', () => {
  it('loads the 2022 baseline from the slides and nothing more', () => {
    const report = seedBaseline(db);
    expect(report).toEqual({ targets: 3, nationalFigures: 1, locations: 1, dutyPeriods: 8 });
    expect(db.prepare('SELECT count(*) FROM regions').pluck().get()).toBe(25);
    expect(db.prepare("SELECT name FROM municipalities WHERE region_code = 'VR04' ORDER BY name").pluck().all()).toHaveLength(11);
    expect(db.prepare('SELECT as_of, places, occupied FROM national_figures').all()).toEqual([{ as_of: '2022-05-24', places: 46091, occupied: 38949 }]);
    expect(db.prepare('SELECT target_group, number, due_on, priority FROM targets ORDER BY number').all()).toEqual([
      { target_group: 'cno', number: 100, due_on: null, priority: 'laag' },
      { target_group: 'oekrainers', number: 2000, due_on: '2022-06-23', priority: 'normaal' },
      { target_group: 'oekrainers', number: 2400, due_on: '2022-07-31', priority: 'normaal' },
    ]);
    expect(db.prepare('SELECT name, stage, places, expected_places, expected_is_estimate FROM locations').all()).toEqual([
      { name: 'Woonunits Dalfsen', stage: 'in_overweging', places: 0, expected_places: 150, expected_is_estimate: 1 },
    ]);
    const shared = db
      .prepare(`SELECT group_concat(region_code, '+') FROM cno_duty_period_regions GROUP BY period_id HAVING count(*) > 1`)
      .pluck()
      .all();
    expect(shared).toEqual(['VR14+VR25']);
    expect(db.prepare("SELECT count(*) FROM audit_log WHERE actor = 'seed'").pluck().get()).toBe(13);
  });

  it('is idempotent', () => {
    seedBaseline(db);
    const counts = () => db.prepare('SELECT (SELECT count(*) FROM targets), (SELECT count(*) FROM locations), (SELECT count(*) FROM cno_duty_periods), (SELECT count(*) FROM audit_log)').raw().get();
    const first = counts();
    expect(seedBaseline(db)).toEqual({ targets: 0, nationalFigures: 0, locations: 0, dutyPeriods: 0 });
    expect(counts()).toEqual(first);
  });
});
