import type { Deps } from '../../deps';
import { type CommandReply, type Feature } from '../feature';
import { matchProblemMessage } from '../capacity/capacity.view';
import { historyMessage, rolesMessage } from './access.view';
import { requireRole } from './require-role';
import { parseRightsArgs } from './rights';
import { historyLocation, latestChanges } from './access.query';
import { listRoles } from './rights.store';
import { changeRole } from './role.write';
import { textMessage } from '../../blockkit/message';
import { personRef } from '../../blockkit/escape';
import { ROLE_LABELS } from '../../domain/vocabulary';


/** /opvang rechten [@gebruiker rol|weg]: admins only. */
export function runRights(deps: Deps, userId: string, args: string): CommandReply {
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
          result.after === 'viewer'
            ? `Rechten van ${who} ingetrokken: was ${ROLE_LABELS[result.before]}, nu lezer.`
            : `${who} is nu ${ROLE_LABELS[result.after]} (was ${ROLE_LABELS[result.before]}).`,
        ),
      };
  }
}

/** /opvang historie [locatie]: the latest changes from the audit log. */
export function runHistory(deps: Deps, args: string): CommandReply {
  const wanted = args.trim();
  if (!wanted) return { kind: 'message', message: historyMessage('Laatste wijzigingen', latestChanges(deps.db)) };
  const match = historyLocation(deps.db, deps.config.region, wanted);
  if (match.kind !== 'one') {
    const message = matchProblemMessage(wanted, match.kind, match.kind === 'many' ? match.locations : match.suggestions);
    // The suggestions name bijwerken; for history the same names work after `historie`.
    const text = message.text.replaceAll('/opvang bijwerken', '/opvang historie');
    return { kind: 'message', message: textMessage(text) };
  }
  const l = match.location;
  return { kind: 'message', message: historyMessage(`Historie ${l.name} (${l.municipality})`, latestChanges(deps.db, { locationId: l.id, limit: 20 })) };
}

export const accessFeature: Feature = {
  name: 'access',
  subcommands: [
    {
      name: 'historie',
      usage: 'historie [locatie]',
      summary: 'De laatste wijzigingen: wie, wanneer, van wat naar wat.',
      run: (input, deps) => runHistory(deps, input.args),
    },
    {
      name: 'rechten',
      usage: 'rechten [@gebruiker beheerder|bewerker|lezer|weg]',
      summary: 'Rollen bekijken, geven of intrekken (alleen beheerders).',
      run: (input, deps) => runRights(deps, input.userId, input.args),
    },
  ],
};
