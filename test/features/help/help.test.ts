import { describe, expect, it } from 'vitest';
import { helpMessage, unknownSubcommandMessage, type HelpEntry } from '../../../src/features/help/help';
import { blockKitViolations } from '../../support/conformance/block-kit-rules';
import { visibleText } from '../../support/bot';

const entries: HelpEntry[] = [
  { name: 'stand', usage: 'stand [gemeente]', summary: 'Waar staan we.' },
  { name: 'noodknop', usage: 'noodknop [lijst]', summary: 'Opvang binnen 24 uur.' },
  { name: 'digest', aliases: ['overzicht'], usage: 'digest [nu]', summary: 'Het ochtendoverzicht.' },
];

describe('help: /opvang help', () => {
  it('shows one line per subcommand with its usage', () => {
    const message = helpMessage(entries);
    const text = visibleText(message);
    expect(text).toContain('`/opvang stand [gemeente]`: Waar staan we.');
    expect(text).toContain('`/opvang digest [nu]`: Het ochtendoverzicht.');
    expect(blockKitViolations('message', message)).toEqual([]);
  });

  it('suggests the subcommand a typo probably meant, also by an alias', () => {
    expect(visibleText(unknownSubcommandMessage('noodkop', entries))).toContain('Bedoelde je `/opvang noodknop`?');
    expect(visibleText(unknownSubcommandMessage('overzich', entries))).toContain('Bedoelde je `/opvang overzicht`?');
  });

  it('answers an unknown word with "did you mean", escaped, and the list', () => {
    const text = visibleText(unknownSubcommandMessage('<stnad>', entries));
    expect(text).toContain('Onbekende opdracht `&lt;stnad&gt;`.');
    expect(text).toContain('`/opvang stand [gemeente]`');
  });
});
