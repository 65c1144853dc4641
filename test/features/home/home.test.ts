import { afterEach, describe, expect, it } from 'vitest';
import { runDigest } from '../../../src/features/digest/digest.slack';
import { blockKitViolations } from '../../support/conformance/block-kit-rules';
import { startBot, visibleText, type TestBot } from '../../support/bot';

const DIGEST = 'C0DIGEST';
let bot: TestBot;
afterEach(async () => {
  await bot.close();
});

async function openHome(bot: TestBot, count = 1): Promise<{ type: string; blocks: any[] }> {
  await bot.event({ type: 'app_home_opened', user: 'UREADER1', channel: 'D0HOME', tab: 'home', event_ts: `${count}.1` });
  const call = await bot.fake.waitForCall('views.publish', count);
  return typeof call.body.view === 'string' ? JSON.parse(call.body.view) : call.body.view;
}

describe('the App Home chart', () => {
  it('shows no picture before any chart was uploaded, and the stand as before', async () => {
    bot = await startBot({ env: { DIGEST_CHANNEL: DIGEST } });
    const view = await openHome(bot);
    expect(view.blocks.some((b) => b.type === 'image')).toBe(false);
    expect(visibleText(view)).toContain('84,5%');
  });

  it('shows the latest digest chart above the stand, by its Slack file id, with the figures as alt text', async () => {
    bot = await startBot({ env: { DIGEST_CHANNEL: DIGEST }, now: '2022-05-25T07:30:00+02:00' });
    expect(await runDigest(bot.deps)).toMatchObject({ kind: 'sent', chart: 'sent' });
    const uploaded = JSON.parse(String(bot.fake.last('files.completeUploadExternal')!.body.files))[0].id as string;

    const view = await openHome(bot);
    const [first] = view.blocks;
    expect(first).toMatchObject({ type: 'image', slack_file: { id: uploaded }, title: { type: 'plain_text', text: 'Grafiek uit het ochtendoverzicht van 25 mei 2022' } });
    expect(first.slack_file.url).toBeUndefined();
    expect(first.alt_text).toContain('84,5% op 25 mei');
    expect(first.alt_text).toBe(bot.fake.last('files.getUploadURLExternal')!.body.alt_txt);
    expect(visibleText(view)).toContain('46.091 plekken');
    expect(blockKitViolations('home', view)).toEqual([]);
  });

  it('still shows the dashboard when Slack refuses the picture (file deleted)', async () => {
    bot = await startBot({ env: { DIGEST_CHANNEL: DIGEST }, now: '2022-05-25T07:30:00+02:00' });
    await runDigest(bot.deps);
    bot.fake.fail('views.publish', { status: 200, error: 'invalid_blocks' });
    await bot.event({ type: 'app_home_opened', user: 'UREADER1', channel: 'D0HOME', tab: 'home', event_ts: '1.1' });
    const second = await bot.fake.waitForCall('views.publish', 2);
    const view = typeof second.body.view === 'string' ? JSON.parse(second.body.view) : second.body.view;
    expect(view.blocks.some((b: { type: string }) => b.type === 'image')).toBe(false);
    expect(visibleText(view)).toContain('84,5%');
    expect(bot.logLines.some((l) => l.includes('home.chart_refused'))).toBe(true);
  });
});
