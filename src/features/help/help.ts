import { closestMatch } from '../../domain/suggest';
import { COMMAND } from '../../blockkit/ids';
import { escapeMrkdwn } from '../../blockkit/escape';
import { context, fitLines, header, section, andMore } from '../../blockkit/blocks';
import type { Message } from '../../blockkit/message';

/** What help shows of a subcommand (a Subcommand of feature.ts has these, and more). */
export interface HelpEntry {
  name: string;
  aliases?: string[];
  usage: string;
  summary: string;
}

/** /opvang help: one line per subcommand. */
export function helpMessage(subcommands: HelpEntry[], intro?: string): Message {
  const lines = subcommands.map((s) => `\`${COMMAND} ${s.usage}\`: ${s.summary}`);
  const blocks = [
    header('Opvangbot: opdrachten'),
    ...(intro ? [section(intro)] : []),
    section(fitLines(lines, andMore('opdracht', 'opdrachten'))),
    context(`\`${COMMAND}\` zonder opdracht toont de stand.`),
  ];
  return { text: intro ?? 'Opvangbot: opdrachten', blocks };
}

/** The name a user probably meant, among every subcommand's name and aliases. */
function suggestSubcommand(word: string, subcommands: HelpEntry[]): string | undefined {
  return closestMatch(word, subcommands.flatMap((s) => [s.name, ...(s.aliases ?? [])]));
}

export function unknownSubcommandMessage(word: string, subcommands: HelpEntry[]): Message {
  const suggestion = suggestSubcommand(word, subcommands);
  const intro = `Onbekende opdracht \`${escapeMrkdwn(word)}\`.${suggestion ? ` Bedoelde je \`${COMMAND} ${suggestion}\`?` : ''}`;
  return helpMessage(subcommands, intro);
}
