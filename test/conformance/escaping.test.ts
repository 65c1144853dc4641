import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/features/registry';
import { unescapeSlackText } from '../../src/blockkit/escape';
import { checkMessage } from '../support/conformance/block-kit-rules';
import { mention, slashText, startBot, visibleText, type TestBot } from '../support/bot';
import { grantRole, openedModal } from '../support/forms';

/**
 * Slack escapes &, < and > in slash command text (docs.slack.dev/messaging/formatting-message-text#escaping)
 * and, with should_escape in the manifest, sends a picked user as <@U…|name>. The tests send text
 * that way (bot.command); the transport unescapes it, the console passes raw text.
 */
const EDITOR = 'UEDITOR1';
let bot: TestBot;
let wonen: number;
beforeAll(async () => {
  bot = await startBot();
  grantRole(bot, EDITOR, 'editor');
  const add = bot.deps.db.prepare(
    `INSERT INTO locations (municipality_id, name, target_group, stage, places, occupied, expected_places, created_at, created_by, updated_at, updated_by)
     VALUES ((SELECT id FROM municipalities WHERE name = 'Zwolle'), ?, 'oekrainers', ?, ?, 0, ?, '2022-05-24T08:00:00Z', 'UOLD1', '2022-05-24T08:00:00Z', 'UOLD1')`,
  );
  wonen = Number(add.run('Wonen & Zorg', 'operationeel', 40, null).lastInsertRowid);
  add.run('Huis <De Brug>', 'operationeel', 10, null);
  for (let i = 1; i <= 6; i++) add.run(`Pijplijn ${i}`, 'in_voorbereiding', 0, 20);
});
afterAll(async () => {
  await bot.close();
});

describe('slash command text as Slack sends it', () => {
  it('the test helper escapes what a user typed and keeps mention markup', () => {
    expect(slashText('bijwerken Wonen & Zorg <x>')).toBe('bijwerken Wonen &amp; Zorg &lt;x&gt;');
    expect(slashText(['rechten ', mention('U123ABC', 'jan'), ' bewerker'])).toBe('rechten <@U123ABC|jan> bewerker');
    // "&lt;" typed by a user arrives as "&amp;lt;" and must come back as "&lt;", not "<".
    expect(unescapeSlackText(slashText('a &lt; b & <c>'))).toBe('a &lt; b & <c>');
  });

  it('/opvang bijwerken Wonen & Zorg opens that location’s form', async () => {
    const view = await openedModal(bot, 'bijwerken Wonen & Zorg', EDITOR);
    expect(JSON.parse(view.private_metadata).id).toBe(wonen);
    const brug = await openedModal(bot, 'bijwerken Huis <De Brug>', EDITOR);
    expect(visibleText({ blocks: brug.blocks })).toContain('Zwolle');
    expect(JSON.parse(brug.private_metadata).id).not.toBe(wonen);
  });

  it('/opvang historie and stand find names with & and show them escaped', async () => {
    const history = (await bot.command('historie Wonen & Zorg')).json();
    expect(history.text).toBe('Historie Wonen &amp; Zorg (Zwolle)');
    const zwolle = visibleText((await bot.command('stand Zwolle')).json());
    expect(zwolle).toContain('*Wonen &amp; Zorg*');
    expect(zwolle).toContain('*Huis &lt;De Brug&gt;*');
  });

  it('a picked user arrives as <@U…|name> and gets the role', async () => {
    const reply = visibleText((await bot.command(['rechten ', mention('UNIEUW1', 'nieuw'), ' bewerker'])).json());
    expect(reply).toContain('<@UNIEUW1> is nu bewerker');
  });

  it('the console passes raw text: the same names are found without unescaping', async () => {
    const reply = await runCommand('historie Wonen & Zorg', { userId: 'UADMIN1', channelId: 'console' }, bot.deps);
    expect(reply.kind === 'message' && reply.message.text).toBe('Historie Wonen &amp; Zorg (Zwolle)');
  });
});

describe('placeholders in help texts are escaped', () => {
  it('`/opvang stand <gemeente>` is written with entities, so Slack shows it instead of reading a link', async () => {
    const stand = (await bot.command('stand')).json();
    const text = visibleText(stand);
    expect(text).toContain('…en 1 locatie meer: `/opvang stand &lt;gemeente&gt;`');
    expect(text).not.toContain('<gemeente>');
    expect(checkMessage(stand)).toEqual([]);
    const history = (await bot.command('historie')).json();
    expect(visibleText(history)).toContain('`/opvang historie &lt;locatie&gt;`');
    expect(checkMessage(history)).toEqual([]);
    for (const command of ['help', 'onbekend', 'rooster x']) expect(checkMessage((await bot.command(command)).json())).toEqual([]);
  });
});
