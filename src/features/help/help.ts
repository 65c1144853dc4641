import { closestMatch } from '../../domain/suggest';
import { COMMAND } from '../../blockkit/ids';
import { escapeMrkdwn } from '../../blockkit/escape';
import { context, fitLines, header, section } from '../../blockkit/blocks';
import type { Subcommand } from '../feature';
import type { Message } from '../../blockkit/message';

/** /opvang help: one line per subcommand. */
export function helpMessage(subcommands: Subcommand[], intro?: string): Message {
  const lines = subcommands.map((s) => `\`${COMMAND} ${s.usage}\`: ${s.summary}`);
  const blocks = [
    header('Opvangbot: opdrachten'),
    ...(intro ? [section(intro)] : []),
    section(fitLines(lines, (n) => `…en ${n} opdrachten meer`)),
    context(`\`${COMMAND}\` zonder opdracht toont de stand.`),
  ];
  return { text: intro ?? 'Opvangbot: opdrachten', blocks };
}

/** The name a user probably meant, among every subcommand's name and aliases. */
export function suggestSubcommand(word: string, subcommands: Subcommand[]): string | undefined {
  return closestMatch(word, subcommands.flatMap((s) => [s.name, ...(s.aliases ?? [])]));
}

export function unknownSubcommandMessage(word: string, subcommands: Subcommand[]): Message {
  const suggestion = suggestSubcommand(word, subcommands);
  const intro = `Onbekende opdracht \`${escapeMrkdwn(word)}\`.${suggestion ? ` Bedoelde je \`${COMMAND} ${suggestion}\`?` : ''}`;
  return helpMessage(subcommands, intro);
}

export function helpSubcommand(all: () => Subcommand[]): Subcommand {
  return {
    name: 'help',
    aliases: ['hulp', '?'],
    usage: 'help',
    summary: 'Deze lijst met opdrachten.',
    run: () => ({ kind: 'message', message: helpMessage(all()) }),
  };
}
