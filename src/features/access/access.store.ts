import type { Db } from '../../store/database';
import type { Role } from '../../domain/vocabulary';
import { recordAudit } from '../../store/audit';
import { CONSOLE_USER, effectiveRole } from './access';

export function findRole(db: Db, userId: string): Role | undefined {
  return db.prepare('SELECT role FROM user_roles WHERE slack_user_id = ?').pluck().get(userId) as Role | undefined;
}

/** Who holds the admin role now (Slack user ids, longest-serving first): the people a refusal names. */
export function adminIds(db: Db): string[] {
  return db.prepare(`SELECT slack_user_id FROM user_roles WHERE role = 'admin' ORDER BY granted_at, slack_user_id`).pluck().all() as string[];
}

/** Gives each OPVANG_ADMINS user the admin role unless an admin already decided otherwise. */
export function ensureAdmins(db: Db, userIds: string[], at: Date): void {
  const insert = db.prepare(
    `INSERT INTO user_roles (slack_user_id, role, granted_by, granted_at) VALUES (?, 'admin', 'OPVANG_ADMINS', ?)
     ON CONFLICT (slack_user_id) DO NOTHING`,
  );
  db.transaction(() => {
    for (const id of userIds) {
      if (insert.run(id, at.toISOString()).changes > 0) {
        recordAudit(db, { actor: 'OPVANG_ADMINS', action: 'role.grant', entity: 'user_role', entityId: id, after: { role: 'admin' }, at });
      }
    }
  })();
}

/** The role that decides what a user may do now. */
export function roleOf(db: Db, userId: string): Role {
  if (userId === CONSOLE_USER) return 'admin';
  return effectiveRole(findRole(db, userId));
}
