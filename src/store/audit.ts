import { perDatabase, type Db } from './database';

/**
 * The audit log (audit_log): one line per change, written by every store in the transaction of
 * the write it describes (who, when, what, before and after). It belongs to no feature: it is the
 * record of all of them, as processed_interactions is storeOnce's.
 */

export interface AuditEntry {
  actor: string;
  action: string;
  entity: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
  at: Date;
}

const auditStatements = perDatabase((db: Db) => ({
  insert: db.prepare(
    `INSERT INTO audit_log (at, actor, action, entity, entity_id, before_json, after_json)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ),
}));

/** Appends one line to the audit log; call inside the transaction of the write it describes. */
export function recordAudit(db: Db, entry: AuditEntry): void {
  // Prepared once per connection: an import appends tens of thousands of lines in one transaction.
  auditStatements(db).insert.run(
    entry.at.toISOString(),
    entry.actor,
    entry.action,
    entry.entity,
    entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
    entry.before === undefined ? null : JSON.stringify(entry.before),
    entry.after === undefined ? null : JSON.stringify(entry.after),
  );
}

/** One stored audit line, before/after parsed. */
export interface AuditLine {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** The latest audit lines, newest first; optionally only those of one entity (e.g. location 12). */
export function latestAuditLines(db: Db, options: { entity?: string; entityId?: string | number; limit?: number } = {}): AuditLine[] {
  const where = options.entity !== undefined ? `WHERE entity = @entity AND entity_id = @entityId` : '';
  const rows = db
    .prepare(
      `SELECT id, at, actor, action, entity, entity_id AS entityId, before_json AS beforeJson, after_json AS afterJson
       FROM audit_log ${where} ORDER BY at DESC, id DESC LIMIT @limit`,
    )
    .all({ limit: options.limit ?? 15, ...(options.entity !== undefined ? { entity: options.entity, entityId: String(options.entityId) } : {}) }) as (Omit<AuditLine, 'before' | 'after'> & {
    beforeJson: string | null;
    afterJson: string | null;
  })[];
  return rows.map(({ beforeJson, afterJson, ...row }) => ({
    ...row,
    before: beforeJson ? (JSON.parse(beforeJson) as Record<string, unknown>) : null,
    after: afterJson ? (JSON.parse(afterJson) as Record<string, unknown>) : null,
  }));
}

const watermarkStatements = perDatabase((db: Db) => ({
  last: db.prepare('SELECT coalesce(max(id), 0) FROM audit_log').pluck(),
  since: db.prepare('SELECT EXISTS (SELECT 1 FROM audit_log WHERE id > ? AND actor = ?)').pluck(),
}));

/** The newest audit line's id now: with auditedSince, whether a request stored anything. */
export function auditWatermark(db: Db): number {
  return watermarkStatements(db).last.get() as number;
}

/**
 * Whether `actor` has an audit line after `watermark`. Every write records one in its own
 * transaction, so after a failed request this tells "nothing was stored" (the transaction rolled
 * back) from "stored, and something after it failed".
 */
export function auditedSince(db: Db, watermark: number, actor: string): boolean {
  return watermarkStatements(db).since.get(watermark, actor) === 1;
}
