import type { Role } from '../../domain/vocabulary';

const rank: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

/** Anyone in the workspace reads (viewer); writing needs editor, managing roles admin. */
export function effectiveRole(stored: Role | undefined): Role {
  return stored ?? 'viewer';
}

export function hasRole(actual: Role, needed: Role): boolean {
  return rank[actual] >= rank[needed];
}

/** "<@A>", "<@A> of <@B>", "<@A>, <@B> of <@C>": who can help, as mentions (at most three). */
export function whoCanHelp(userIds: string[]): string {
  const shown = userIds.slice(0, 3).map((id) => `<@${id}>`);
  const more = userIds.length > 3 ? ' (of een andere beheerder)' : '';
  return shown.length <= 1 ? `${shown[0] ?? ''}${more}` : `${shown.slice(0, -1).join(', ')} of ${shown.at(-1)}${more}`;
}

/**
 * The private message a refused user gets: what is needed, that nothing was stored, and the next
 * step: the admins who can give the role, by name (mentions), or how to get one when there is none.
 */
export function refusalText(needed: Role, admins: string[]): string {
  const what = needed === 'admin' ? 'Dit mag alleen een beheerder.' : 'Hiervoor heb je de rol bewerker nodig.';
  const next =
    admins.length === 0
      ? 'Er is nog geen beheerder. Wie de bot heeft geïnstalleerd, maakt de eerste beheerder; daarna geeft een beheerder rollen met `/opvang rechten`.'
      : `Vraag ${whoCanHelp(admins)} om ${needed === 'admin' ? 'je beheerder te maken' : 'je de rol bewerker te geven'}.`;
  return `${what} Er is niets opgeslagen. ${next}`;
}

/** The user the local console acts as: whoever runs it has the database at hand, so admin. */
export const CONSOLE_USER = 'console';

export interface RoleGrant {
  userId: string;
  role: Role;
  grantedBy: string;
  grantedAt: string;
}
