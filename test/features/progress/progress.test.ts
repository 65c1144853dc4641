import { CHART_WIDTH, PIXEL_RATIO } from '../../../src/features/charts/chart';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../../src/features/registry';
import { startBot, visibleText, type TestBot } from '../../support/bot';

let bot: TestBot;
beforeEach(async () => {
  // Drawn in a child process, as the bot does by default: drawing in this process would block its
  // event loop (loading ECharts, rendering), and under load the ack could miss Slack's 3 s.
  bot = await startBot({ now: '2022-05-25T09:00:00+02:00', env: { CHART_RENDERER: 'process' } });
});
afterEach(async () => {
  await bot.close();
});

/** The command's answer: in the ack, or (when drawing took longer than the ack budget) via response_url. */
async function answer(text: string, user = 'UREADER1'): Promise<string> {
  const res = await bot.command(text, user);
  expect(res.status).toBe(200);
  const acked = res.text ? visibleText(res.json()) : '';
  if (!acked.includes('Even geduld')) return acked;
  return visibleText((await bot.fake.waitForCall('response_url', 1, 20_000)).body);
}

describe('/opvang grafiek [doelgroep]', () => {
  it('sends one target group’s progress chart privately (DM) with alt text that states the figures', async () => {
    const text = await answer('grafiek oekraïners');
    expect(text).toContain('De grafiek van Oekraïners (GOO) staat in je privébericht met Opvangbot.');
    expect(bot.fake.last('conversations.open')!.body.users).toBe('UREADER1');
    const complete = bot.fake.last('files.completeUploadExternal')!;
    expect(complete.body.channel_id).toBe('DUREADER1');
    expect(JSON.parse(String(complete.body.files))[0].title).toBe('Voortgang Oekraïners (GOO)');
    const reserve = bot.fake.last('files.getUploadURLExternal')!;
    expect(reserve.body.filename).toBe('opvang-oekrainers-2022-05-25.png');
    expect(reserve.body.alt_txt).toContain('operationele plekken Oekraïners (GOO) in de regio');
    expect(reserve.body.alt_txt).toContain('Doelen: doel 2.000 (23 jun), doel 2.400 (31 jul).');
    expect(reserve.body.alt_txt).toContain('nodig 69 plekken per dag om doel 2.000 (23 jun) te halen');
    const png = bot.fake.last('file_upload')!.body.content as Buffer;
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(CHART_WIDTH * PIXEL_RATIO);
  });

  it('answers an unknown doelgroep in Dutch with the valid ones, and sends nothing', async () => {
    const text = await answer('grafiek <b>vluchtelingen');
    expect(text).toContain('Onbekende doelgroep “&lt;b&gt;vluchtelingen”. Kies uit: `oekrainers` (Oekraïners (GOO)), `cno` (Crisisnoodopvang (CNO)), `statushouders` (Statushouders)');
    expect(bot.fake.callsTo('files.getUploadURLExternal')).toHaveLength(0);
    expect(bot.fake.callsTo('conversations.open')).toHaveLength(0);
  });

  it('without a doelgroep charts the digest’s group; the console writes the PNG to a temp file and says where', async () => {
    const reply = await runCommand('grafiek', { userId: 'UCONSOLE' }, bot.deps);
    const text = reply.kind === 'message' ? reply.message.text : '';
    const path = /opgeslagen in (\S+\.png)/.exec(text)?.[1];
    expect(path).toMatch(/opvang-oekrainers-2022-05-25\.png$/);
    expect(existsSync(path!)).toBe(true);
    expect(readFileSync(path!).subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(text).toContain('In Slack komt hij in je privébericht met Opvangbot.');
    rmSync(path!);
    expect(bot.fake.callsTo('files.getUploadURLExternal')).toHaveLength(0);
  });
});
