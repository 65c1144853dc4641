import type { Db } from '../../src/store/database';

/**
 * A fingerprint of everything a form or a click can store: the row count and the highest rowid
 * of every table, and the audit log's last line. Equal before and after means nothing was stored.
 */
export function snapshot(db: Db): Record<string, string> {
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  const out: Record<string, string> = {};
  for (const table of tables) {
    const row = db.prepare(`SELECT count(*) AS n, total(length(CAST(rowid AS TEXT))) AS ids FROM "${table}"`).get() as { n: number; ids: number };
    out[table] = `${row.n}:${row.ids}`;
  }
  out.audit = String(db.prepare('SELECT max(id) FROM audit_log').pluck().get());
  return out;
}
