import type { Db } from '../../store/database';
import type { Role } from '../../domain/vocabulary';
import { findRole } from './access.store';
import { effectiveRole } from './access';
import type { RoleGrant } from './access';
import { recordAudit } from '../../store/audit';

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
