import { formatDateTime } from '../../format/nl';
import { context, fitLines, section } from '../../blockkit/blocks';
import { personRef } from '../../blockkit/escape';
import type { RoleGrant } from './access';
import type { Message } from '../../blockkit/message';
import { ROLE_LABELS } from '../../domain/vocabulary';

/** /opvang rechten */
export function rolesMessage(grants: RoleGrant[]): Message {
  const lines = grants.map((g) => `• ${personRef(g.userId)}: ${ROLE_LABELS[g.role]} (${g.role}) · sinds ${formatDateTime(new Date(g.grantedAt))} door ${personRef(g.grantedBy)}`);
  return {
    text: 'Rechten in Opvangbot',
    blocks: [
      section(fitLines(['*Rechten in Opvangbot*', ...(lines.length ? lines : ['Nog niemand met een rol.'])], (n) => `…en ${n} meer`)),
      context('Iedereen anders is lezer. `/opvang rechten @naam bewerker` · `beheerder` · `weg`'),
    ],
  };
}
