import type { Role } from '../../domain/vocabulary';

const rank: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

/** Anyone in the workspace reads (viewer); writing needs editor, managing roles admin. */
export function effectiveRole(stored: Role | undefined): Role {
  return stored ?? 'viewer';
}

export function hasRole(actual: Role, needed: Role): boolean {
  return rank[actual] >= rank[needed];
}

/** The private message a refused user gets. */
export function refusalText(needed: Role): string {
  return needed === 'admin'
    ? 'Dit mag alleen een beheerder (admin) van Opvangbot. Er is niets opgeslagen. Vraag een beheerder om `/opvang rechten`.'
    : 'Hiervoor heb je de rol bewerker of beheerder nodig. Er is niets opgeslagen. Vraag een beheerder om je rechten te geven met `/opvang rechten`.';
}

/** The user the local console acts as: whoever runs it has the database at hand, so admin. */
export const CONSOLE_USER = 'console';

export interface RoleGrant {
  userId: string;
  role: Role;
  grantedBy: string;
  grantedAt: string;
}
