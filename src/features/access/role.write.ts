import { enqueuePost } from '../../outbox/outbox.store';
import type { Db } from '../../store/database';
import type { Role } from '../../domain/vocabulary';
import { roleChangedMessage } from './access.view';
import { setRole, type SetRoleResult } from './rights.store';

/** The outbox key of the direct message about one role change (the change's moment and new role). */
const roleChangeKey = (userId: string, role: Role, at: Date) => `role:${userId}:${at.toISOString()}:${role}`;

/**
 * A role change and the direct message that tells the person whose role changed, in one
 * transaction: nobody gains or loses rights without hearing it, and the message goes out once
 * (the outbox).
 */
export function changeRole(db: Db, userId: string, role: Role, actor: string, at: Date): SetRoleResult {
  return db.transaction((): SetRoleResult => {
    const result = setRole(db, userId, role, actor, at);
    // A viewer stored as viewer (`weg` for someone without a role) gains and loses nothing: no message.
    if (result.status === 'changed' && result.before !== result.after) {
      enqueuePost(db, { key: roleChangeKey(userId, role, at), kind: 'role_changed', target: { user: userId }, message: roleChangedMessage(result.before, result.after, actor) }, at);
    }
    return result;
  })();
}
