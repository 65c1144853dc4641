import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Db } from './database';

const BACKUP_FILE = /^opvang-\d{8}T\d{6}Z\.sqlite$/;

function stamp(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Writes a consistent copy of the live database with SQLite's online backup API (readers and
 * writers carry on meanwhile), then keeps only the newest `keep` backups.
 */
export async function backupDatabase(db: Db, dir: string, keep: number, at: Date): Promise<{ path: string; removed: string[] }> {
  mkdirSync(dir, { recursive: true });
  const path = resolve(dir, `opvang-${stamp(at)}.sqlite`);
  await db.backup(path);
  const backups = readdirSync(dir).filter((f) => BACKUP_FILE.test(f)).sort();
  const removed = backups.slice(0, Math.max(0, backups.length - keep));
  for (const file of removed) rmSync(join(dir, file), { force: true });
  return { path, removed };
}
