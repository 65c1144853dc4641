import type { Feature, Subcommand } from '../feature';
import { helpMessage } from './help';

/** /opvang help over every subcommand the bot has (`all` is read when help is asked). */
export function helpFeature(all: () => Subcommand[]): Feature {
  return {
    name: 'help',
    subcommands: [
      {
        name: 'help',
        aliases: ['hulp', '?'],
        usage: 'help',
        summary: 'Deze lijst met opdrachten.',
        run: () => ({ kind: 'message', message: helpMessage(all()) }),
      },
    ],
  };
}
