import type { Db } from '../../store/database';
import type { Role } from '../../domain/vocabulary';
import { findRole, recordAudit } from './access.store';
import { effectiveRole } from './access';
import type { AuditRow, RoleGrant } from './access';

/** Everyone with a stored role other than viewer. */
export function listRoles(db: Db): RoleGrant[] {
  return db
    .prepare(
      `SELECT slack_user_id AS userId, role, granted_by AS grantedBy, granted_at AS grantedAt FROM user_roles
       WHERE role != 'viewer' ORDER BY CASE role WHEN 'admin' THEN 0 ELSE 1 END, granted_at`,
    )
    .all() as RoleGrant[];
}

export type SetRoleResult = { status: 'changed'; before: Role; after: Role } | { status: 'unchanged'; role: Role } | { status: 'last_admin' };

/** Gives `userId` a role in one transaction with its audit line; the last admin cannot be taken away. */
export function setRole(db: Db, userId: string, role: Role, actor: string, at: Date): SetRoleResult {
  return db.transaction((): SetRoleResult => {
    const stored = findRole(db, userId);
    const before = effectiveRole(stored);
    if (before === role && stored !== undefined) return { status: 'unchanged', role };
    if (before === 'admin' && role !== 'admin') {
      const admins = db.prepare(`SELECT count(*) FROM user_roles WHERE role = 'admin'`).pluck().get() as number;
      if (admins <= 1) return { status: 'last_admin' };
    }
    db.prepare(
      `INSERT INTO user_roles (slack_user_id, role, granted_by, granted_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (slack_user_id) DO UPDATE SET role = excluded.role, granted_by = excluded.granted_by, granted_at = excluded.granted_at`,
    ).run(userId, role, actor, at.toISOString());
    recordAudit(db, { actor, action: role === 'viewer' ? 'role.revoke' : 'role.grant', entity: 'user_role', entityId: userId, before: { role: before }, after: { role }, at });
    return { status: 'changed', before, after: role };
  })();
}

/** The latest audit lines, newest first; optionally only one location's. */
export function latestAudit(db: Db, options: { locationId?: number; limit?: number } = {}): AuditRow[] {
  const where = options.locationId !== undefined ? `WHERE a.entity = 'location' AND a.entity_id = @locationId` : '';
  const rows = db
    .prepare(
      `SELECT a.id, a.at, a.actor, a.action, a.entity, a.entity_id AS entityId, a.before_json AS beforeJson, a.after_json AS afterJson, l.name AS locationName
       FROM audit_log a LEFT JOIN locations l ON a.entity = 'location' AND l.id = CAST(a.entity_id AS INTEGER)
       ${where} ORDER BY a.at DESC, a.id DESC LIMIT @limit`,
    )
    .all({ limit: options.limit ?? 15, ...(options.locationId !== undefined ? { locationId: String(options.locationId) } : {}) }) as (Omit<AuditRow, 'before' | 'after'> & {
    beforeJson: string | null;
    afterJson: string | null;
  })[];
  return rows.map(({ beforeJson, afterJson, ...row }) => ({
    ...row,
    before: beforeJson ? (JSON.parse(beforeJson) as Record<string, unknown>) : null,
    after: afterJson ? (JSON.parse(afterJson) as Record<string, unknown>) : null,
  }));
}
