import type { Deps } from '../../deps';
import type { Role } from '../../domain/vocabulary';
import { textMessage, type CommandReply } from '../feature';
import { hasRole, refusalText } from './access';
import { roleOf } from './access.store';

/** Undefined when `userId` may act as `needed`; otherwise the private refusal to show. */
export function refuseUnless(deps: Deps, userId: string, needed: Role): CommandReply | undefined {
  if (hasRole(roleOf(deps.db, userId), needed)) return undefined;
  deps.logger.event('info', 'access.refused', { user: userId, needed });
  return { kind: 'message', message: textMessage(refusalText(needed)) };
}
