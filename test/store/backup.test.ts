import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupDatabase } from '../../src/store/backup';
import { openDatabase, type Db } from '../../src/store/database';
import { seedBaseline } from '../../src/seed/seed';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'opvangbot-backup-'));
  db = openDatabase(join(dir, 'live.sqlite'));
  seedBaseline(db);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('online backup', () => {
  it('writes a consistent copy that restores to the same data', async () => {
    const { path } = await backupDatabase(db, join(dir, 'backups'), 14, new Date('2022-05-25T01:15:00Z'));
    expect(path).toMatch(/opvang-20220525T011500Z\.sqlite$/);
    // Written after the backup: must not be in the restored copy.
    db.prepare("UPDATE national_figures SET places = 1 WHERE as_of = '2022-05-24'").run();

    const restoredPath = join(dir, 'restored.sqlite');
    copyFileSync(path, restoredPath);
    const restored = openDatabase(restoredPath);
    try {
      expect(restored.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(restored.prepare("SELECT places, occupied FROM national_figures WHERE as_of = '2022-05-24'").get()).toEqual({ places: 46091, occupied: 38949 });
      expect(restored.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(db.prepare('SELECT count(*) FROM audit_log').pluck().get());
    } finally {
      restored.close();
    }
  });

  it('keeps only the newest backups', async () => {
    const backups = join(dir, 'backups');
    for (let day = 1; day <= 4; day++) await backupDatabase(db, backups, 2, new Date(`2022-06-0${day}T01:15:00Z`));
    expect(readdirSync(backups).sort()).toEqual(['opvang-20220603T011500Z.sqlite', 'opvang-20220604T011500Z.sqlite']);
  });
});
