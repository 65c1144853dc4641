import { createHash } from 'node:crypto';
import type { Db } from '../../src/store/database';

/**
 * A fingerprint of everything stored: every row of every table (audit_log and
 * processed_interactions included), so any write, even one later rolled back half-way, changes it.
 * Except the outbox: it records what the bot said (a refusal, a "nothing changed" answer goes
 * through it too), not data; tests of what was said read the fake's history.
 */
export function fingerprint(db: Db): string {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'outbox' ORDER BY name").pluck().all() as string[];
  const hash = createHash('sha256');
  for (const table of tables) hash.update(`${table}:${JSON.stringify(db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).raw().all())}`);
  return hash.digest('hex');
}

/** Row counts per table, for a readable diff when a fingerprint test fails. */
export function rowCounts(db: Db): Record<string, number> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number]));
}
