import { createInterface } from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';
import type { Deps } from '../deps';
import { runCommand } from '../features/registry';
import { COMMAND } from '../blockkit/ids';
import { renderMessage } from './render';
import { CONSOLE_USER } from '../features/access/access';

const CONSOLE_BANNER =
  'Opvangbot draait zonder Slack (lokale console). Koppel Slack door SLACK_BOT_TOKEN en SLACK_APP_TOKEN (of SLACK_SIGNING_SECRET) te zetten; zie README.';

/** Answers one typed line; returns the text to print. Accepts "/opvang stand" as well as "stand". */
async function answerConsoleLine(line: string, deps: Deps): Promise<string> {
  const text = line.trim().replace(new RegExp(`^${COMMAND}\\b`), '').trim();
  const reply = await runCommand(text, { userId: CONSOLE_USER, channelId: 'console' }, deps);
  return renderMessage(reply.kind === 'message' ? reply.message : reply.fallback);
}

/** The local console: a prompt where a person types /opvang commands and reads the answers as text. */
export async function runConsole(deps: Deps, input: Readable = process.stdin, output: Writable = process.stdout): Promise<void> {
  output.write(`${CONSOLE_BANNER}\n`);
  output.write(`Typ bijvoorbeeld "${COMMAND} stand" of "${COMMAND} help"; "exit" stopt.\n`);
  const rl = createInterface({ input, output, terminal: false });
  const prompt = () => output.write('opvang> ');
  prompt();
  for await (const line of rl) {
    const trimmed = line.trim();
    if (trimmed === 'exit' || trimmed === 'quit') break;
    if (trimmed) {
      try {
        output.write(`${await answerConsoleLine(trimmed, deps)}\n`);
      } catch (error) {
        deps.logger.event('error', 'console.failed', { line: trimmed, error });
        output.write('Er ging iets mis; er is niets opgeslagen.\n');
      }
    }
    prompt();
  }
  rl.close();
}
