import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blockKitViolations } from '../../support/conformance/block-kit-rules';
import { ADMIN, startBot, visibleText, type TestBot } from '../../support/bot';

let bot: TestBot;
beforeEach(async () => {
  bot = await startBot();
});
afterEach(async () => {
  await bot.close();
});

const say = async (text: string, user = ADMIN) => {
  const reply = (await bot.command(text, user)).json();
  expect(reply.response_type).toBe('ephemeral');
  expect(blockKitViolations('message', reply)).toEqual([]);
  return visibleText(reply);
};

describe('/opvang historie', () => {
  it('shows the latest changes with who, when and before → after, escaped', async () => {
    await say('rechten <@UEDIT1> bewerker');
    bot.deps.db.prepare("UPDATE locations SET name = 'Units <!channel> *Dalfsen*'").run();
    const text = await say('historie', 'UREADER1');
    expect(text).toContain('Laatste wijzigingen');
    expect(text).toContain('25 mei 2022 09:00 · <@UADMIN1> · rol gegeven <@UEDIT1>: rol lezer → bewerker');
    expect(text).toContain('Units &lt;!channel&gt; *\u200dDalfsen*\u200d');
    expect(text).not.toContain('<!channel>');
    expect(await say('historie Onbekend')).toContain('Geen locatie gevonden met de naam "Onbekend"');
  });
});
