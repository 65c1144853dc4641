import { formatDateTime } from '../../format/nl';
import { context, fitLines, section } from '../../blockkit/blocks';
import { personRef } from '../../blockkit/escape';
import type { RoleGrant } from './access';
import type { Message } from '../../blockkit/message';
import { ROLE_LABELS, type Role } from '../../domain/vocabulary';

/** /opvang rechten */
export function rolesMessage(grants: RoleGrant[]): Message {
  const lines = grants.map((g) => `• ${personRef(g.userId)}: ${ROLE_LABELS[g.role]} · sinds ${formatDateTime(new Date(g.grantedAt))} door ${personRef(g.grantedBy)}`);
  return {
    text: 'Rechten in Opvangbot',
    blocks: [
      section(fitLines(['*Rechten in Opvangbot*', ...(lines.length ? lines : ['Nog niemand met een rol.'])], (n) => `…en ${n} meer`)),
      context('Iedereen anders is lezer. `/opvang rechten @naam bewerker` · `beheerder` · `weg`'),
    ],
  };
}

/** The direct message to someone whose role an admin changed. */
export function roleChangedMessage(before: Role, after: Role, by: string): Message {
  const text =
    after === 'viewer'
      ? `:information_source: ${personRef(by)} heeft je rechten in Opvangbot ingetrokken: je was ${ROLE_LABELS[before]}, je bent nu lezer. Je kunt alles blijven bekijken; wijzigen kan niet meer.`
      : `:information_source: ${personRef(by)} heeft je de rol *${ROLE_LABELS[after]}* gegeven in Opvangbot (was ${ROLE_LABELS[before]}). \`/opvang help\` toont wat je nu kunt.`;
  return { text: after === 'viewer' ? 'Je rechten in Opvangbot zijn ingetrokken' : `Je bent nu ${ROLE_LABELS[after]} in Opvangbot`, blocks: [section(text)] };
}
