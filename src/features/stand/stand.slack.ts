import { closestMatch } from '../../domain/suggest';
import { toLocalDay } from '../../format/nl';
import { escapeMrkdwn } from '../../blockkit/escape';
import { STAND_OPEN, STAND_SHARE } from '../../blockkit/ids';
import type { Deps } from '../../deps';
import type { CommandReply, Feature } from '../feature';
import type { Stand } from './stand';
import { loadStand, municipalityStand } from './stand.query';
import { municipalityMessage, standMessage } from './stand.view';
import type { Message } from '../../blockkit/message';

/** The private stand message of a cached Stand: every /opvang between two changes gets the same one. */
const privateMessages = new WeakMap<Stand, Message>();

function privateStandMessage(stand: Stand): Message {
  let message = privateMessages.get(stand);
  if (!message) {
    message = standMessage(stand);
    privateMessages.set(stand, message);
  }
  return message;
}

/** Renders /opvang stand [gemeente]; `sharedBy` renders the channel version without the share button. */
function renderStand(deps: Deps, args: string, sharedBy?: string): Message {
  const now = deps.clock.now();
  const wanted = args.trim();
  if (!wanted) {
    const stand = loadStand(deps.db, deps.config.region, now, deps.config.overdue.days);
    return sharedBy ? standMessage(stand, sharedBy) : privateStandMessage(stand);
  }
  const found = municipalityStand(deps.db, deps.config.region, wanted);
  if (!found.name) {
    const suggestion = closestMatch(wanted, found.municipalities);
    const text = `Gemeente "${escapeMrkdwn(wanted)}" hoort niet bij ${found.regionName}.${
      suggestion ? ` Bedoelde je *${suggestion}*? Probeer \`/opvang stand ${suggestion}\`.` : ''
    } Gemeenten: ${found.municipalities.join(', ')}.`;
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  }
  return municipalityMessage(found.name, found.locations, toLocalDay(now), deps.config.overdue.days, sharedBy);
}

export const standFeature: Feature = {
  name: 'stand',
  subcommands: [
    {
      name: 'stand',
      usage: 'stand [gemeente]',
      summary: 'Waar staan we: landelijk, regio tegen de doelen, pijplijn en CNO-dienst (met gemeente: haar locaties).',
      run: (input, deps): CommandReply => ({ kind: 'message', message: renderStand(deps, input.args) }),
    },
  ],
  actions: [
    {
      // "Stand bekijken" under a threshold alert: the stand as it is now, privately.
      id: STAND_OPEN,
      run: ({ deps }) => ({ kind: 'tell', message: renderStand(deps, '') }),
    },
    {
      // "Delen in kanaal": the stand for everyone where the button was, naming who shared it.
      id: STAND_SHARE,
      run: ({ deps, userId, value }) => {
        const shared = value ?? 'region';
        const args = shared.startsWith('gemeente:') ? shared.slice('gemeente:'.length) : '';
        deps.logger.event('info', 'stand.shared', { user: userId, action: STAND_SHARE, args });
        return { kind: 'share', message: renderStand(deps, args, userId) };
      },
    },
  ],
};
