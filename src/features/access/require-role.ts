import type { Deps } from '../../deps';
import type { Db } from '../../store/database';
import type { Role } from '../../domain/vocabulary';
import { hasRole, refusalText } from './access';
import { adminIds, roleOf } from './access.store';

/**
 * The one role check of every command, click and submission. The role is read from the database
 * at the moment of the act, never from when a form or message was shown: someone whose role was
 * taken away meanwhile is refused (issue 10 §3).
 *
 * Returns undefined when `userId` holds `needed` now; otherwise the Dutch refusal to show, in
 * whatever way fits where the user acted (a command reply, a field error, a private message).
 */
export function requireRole(deps: Pick<Deps, 'db' | 'logger'>, userId: string, needed: Role, act?: string): string | undefined {
  if (holdsRole(deps.db, userId, needed)) return undefined;
  deps.logger.event('info', 'access.refused', { user: userId, needed, ...(act ? { act } : {}) });
  return refusalText(needed, adminIds(deps.db));
}

/** Whether `userId` holds `needed` now, for what is shown (admin buttons) rather than allowed. */
export function holdsRole(db: Db, userId: string, needed: Role): boolean {
  return hasRole(roleOf(db, userId), needed);
}
