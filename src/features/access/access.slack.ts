import type { Deps } from '../../deps';
import { type CommandReply, type Feature } from '../feature';
import { rolesMessage } from './access.view';
import { requireRole } from './require-role';
import { parseRightsArgs } from './rights';
import { listRoles } from './rights.store';
import { changeRole } from './role.write';
import { textMessage } from '../../blockkit/message';
import { personRef } from '../../blockkit/escape';
import { ROLE_LABELS } from '../../domain/vocabulary';

/** /opvang rechten [@gebruiker rol|weg]: admins only. */
function runRights(deps: Deps, userId: string, args: string): CommandReply {
  const refusal = requireRole(deps, userId, 'admin');
  if (refusal) return { kind: 'message', message: textMessage(refusal) };
  const request = parseRightsArgs(args);
  if (request.kind === 'list') return { kind: 'message', message: rolesMessage(listRoles(deps.db)) };
  if (request.kind === 'invalid') return { kind: 'message', message: textMessage(request.reason) };
  // The person whose role changed hears it privately (through the outbox, with the change).
  const result = changeRole(deps.db, request.userId, request.role, userId, deps.clock.now());
  const who = personRef(request.userId);
  switch (result.status) {
    case 'last_admin':
      return { kind: 'message', message: textMessage(`${who} is de laatste beheerder; geef eerst iemand anders de rol beheerder. Er is niets gewijzigd.`) };
    case 'unchanged':
      return { kind: 'message', message: textMessage(`${who} is al ${ROLE_LABELS[result.role]}. Er is niets gewijzigd.`) };
    case 'changed':
      deps.logger.event('info', 'access.role_changed', { by: userId, user: request.userId, before: result.before, after: result.after });
      return {
        kind: 'message',
        message: textMessage(
          result.before === result.after
            ? // A viewer nobody had stored yet: stored as lezer now (so the installation's admin list does not hand a role back), nothing else changes.
              `${who} had geen rechten en blijft lezer.`
            : result.after === 'viewer'
              ? `Rechten van ${who} ingetrokken: was ${ROLE_LABELS[result.before]}, nu lezer.`
              : `${who} is nu ${ROLE_LABELS[result.after]} (was ${ROLE_LABELS[result.before]}).`,
        ),
      };
  }
}

export const accessFeature: Feature = {
  name: 'access',
  subcommands: [
    {
      name: 'rechten',
      usage: 'rechten [@gebruiker beheerder|bewerker|lezer|weg]',
      summary: 'Rollen bekijken, geven of intrekken (alleen beheerders).',
      run: (input, deps) => runRights(deps, input.userId, input.args),
    },
  ],
};
