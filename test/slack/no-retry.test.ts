import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, date, startBot, text, type TestBot } from '../support/bot';
import { openedModal, submit } from '../support/forms';

/**
 * Issue 11: no Web API client of the bot repeats a call on its own. Slack has no idempotency key:
 * a repeated chat.postEphemeral that Slack took but answered 500 shows twice. The listeners' client
 * (Bolt's) is configured like the outbox's: a call is made once, and what may have gone out is not
 * said again another way either.
 */
let bot: TestBot;
beforeEach(async () => {
  bot = await startBot();
});
afterEach(async () => {
  await bot.close();
});

describe("the listeners' Web API client", () => {
  it('sends a confirmation that Slack took but answered 500 once, and not again as a direct message; the figures are stored', async () => {
    const form = await openedModal(bot, 'landelijk', ADMIN);
    bot.fake.fault('chat.postEphemeral', 'take_then_500');
    const answer = await bot.interact(submit(form, ADMIN, { asOf: date('2022-05-24'), places: text('50.000'), occupied: text('40.000') }));
    expect(answer.status).toBe(200);
    await bot.idle();

    expect(bot.fake.callsTo('chat.postEphemeral')).toHaveLength(1);
    expect(bot.fake.callsTo('chat.postMessage').filter((c) => String(c.body.channel).startsWith('D'))).toHaveLength(0);
    expect(bot.deps.db.prepare("SELECT places, occupied FROM national_figures WHERE as_of = '2022-05-24'").get()).toEqual({ places: 50_000, occupied: 40_000 });
    expect(bot.logLines.some((l) => l.includes('form.confirmation_failed'))).toBe(true);
  });
});
