import { afterEach, describe, expect, it } from 'vitest';
import { runDigest } from '../../../src/features/digest/digest.slack';
import { startBot, visibleText, type TestBot } from '../../support/bot';

let bot: TestBot;
afterEach(async () => {
  await bot?.close();
});

const noWait = async () => {};

describe('digest job', () => {
  it('smoke', async () => {
    bot = await startBot({ env: { DIGEST_CHANNEL: 'C0DIGEST' }, now: '2022-05-25T07:31:00+02:00' });
    const result = await runDigest(bot.deps, bot.slack.app.client, { sleep: noWait });
    expect(result.kind).toBe('sent');
    const post = bot.fake.last('chat.postMessage')!;
    console.log(visibleText(post.body));
    console.log(bot.fake.calls.map((c) => c.method));
  });
});
