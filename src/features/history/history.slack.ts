import type { Deps } from '../../deps';
import { textMessage } from '../../blockkit/message';
import type { CommandReply, Feature } from '../feature';
import { matchProblemMessage } from '../capacity/capacity.view';
import { historyLocation, latestChanges } from './history.query';
import { historyMessage } from './history.view';

/** /opvang historie [locatie]: the latest changes from the audit log. */
function runHistory(deps: Deps, args: string): CommandReply {
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

export const historyFeature: Feature = {
  name: 'history',
  subcommands: [
    {
      name: 'historie',
      usage: 'historie [locatie]',
      summary: 'De laatste wijzigingen: wie, wanneer, van wat naar wat.',
      run: (input, deps) => runHistory(deps, input.args),
    },
  ],
};
