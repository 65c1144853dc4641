import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runDigest } from '../../src/features/digest/digest.slack';
import { runNoodknopEscalation } from '../../src/features/noodknop/noodknop.slack';
import { sendShiftReminders } from '../../src/features/roster/roster.jobs';
import { NOODKNOP_REQUEST_VIEW } from '../../src/blockkit/ids';
import { ADMIN, checked, date, startBot, text, time, viewSubmission, visibleText, type TestBot } from '../support/bot';

const NOOD = 'C0NOOD';
const DIGEST = 'C0DIGEST';
const PERSON = 'UPERSON1';
let bot: TestBot;

beforeEach(async () => {
  bot = await startBot({ now: '2022-05-25T07:00:00+02:00', env: { NOODKNOP_CHANNEL: NOOD, DIGEST_CHANNEL: DIGEST } });
  // A shift tomorrow morning: its day-before reminder is due from 08:00 today.
  bot.deps.db
    .prepare(
      `INSERT INTO shifts (starts_at, ends_at, organisation, role, slack_user_id, created_at, created_by, updated_at, updated_by)
       VALUES ('2022-05-26T06:00:00.000Z', '2022-05-26T14:00:00.000Z', 'VRIJ', 'coördinator', ?, '2022-05-20T08:00:00Z', 'UADMIN1', '2022-05-20T08:00:00Z', 'UADMIN1')`,
    )
    .run(PERSON);
});
afterEach(async () => {
  await bot.close();
});

const noWait = async () => undefined;
const logged = (event: string) => bot.logLines.some((line) => (JSON.parse(line) as { event: string }).event === event);

describe('Slack outage', () => {
  it('429 then 500s: the bot keeps answering; digest, noodknop broadcast and reminder each arrive once when Slack is back', async () => {
    const client = bot.slack.client;
    expect((await bot.command('stand')).status).toBe(200); // auth.test done before the outage
    bot.fake.startOutage((n) => (n === 0 ? { status: 429, retryAfter: 1 } : { status: 500 }));

    const submitted = await bot.interact(
      viewSubmission(NOODKNOP_REQUEST_VIEW, ADMIN, {
        persons: text('12'), specialNeeds: checked(), neededDate: date('2022-05-26'), neededTime: time('06:00'), note: text('tijdens storing'),
      }),
    );
    expect(submitted.status).toBe(200);
    expect(bot.deps.db.prepare('SELECT count(*) FROM noodknop_requests').pluck().get()).toBe(1);

    // Commands are answered in the HTTP response, without the Web API.
    const stand = await bot.command('stand');
    expect(stand.status).toBe(200);
    expect(visibleText(stand.json())).toContain('46.091 plekken');

    // The broadcast's bounded retries run out, then the requester's DM fails too: all logged.
    await vi.waitFor(() => expect(logged('noodknop.dm_failed')).toBe(true), { timeout: 30_000, interval: 100 });

    bot.clock.set('2022-05-25T08:00:00+02:00');
    await runDigest(bot.deps, client, { sleep: noWait });
    await sendShiftReminders(bot.deps, client);
    await runNoodknopEscalation(bot.deps, client);
    expect(bot.fake.delivered('chat.postMessage')).toEqual([]);
    expect(bot.deps.db.prepare("SELECT state FROM digest_runs WHERE channel_id = ?").pluck().get(DIGEST)).toBe('failed');
    const attempts = bot.fake.callsTo('chat.postMessage').length;
    expect(attempts).toBeGreaterThan(3);
    expect(attempts).toBeLessThan(40); // bounded

    bot.fake.endOutage();
    bot.clock.set('2022-05-25T08:15:00+02:00');
    for (let run = 0; run < 2; run++) {
      await runDigest(bot.deps, client, { sleep: noWait });
      await sendShiftReminders(bot.deps, client);
      await runNoodknopEscalation(bot.deps, client);
    }

    const delivered = bot.fake.delivered('chat.postMessage');
    const to = (channel: string) => delivered.filter((c) => c.body.channel === channel);
    expect(to(NOOD).filter((c) => !c.body.thread_ts)).toHaveLength(1);
    expect(visibleText(to(NOOD)[0]!.body)).toContain('0 van 12 plekken aangeboden');
    expect(to(DIGEST).filter((c) => !c.body.thread_ts)).toHaveLength(1);
    const dmChannel = `D${PERSON}`;
    expect(to(dmChannel)).toHaveLength(1);
    expect(bot.deps.db.prepare("SELECT state FROM digest_runs WHERE channel_id = ?").pluck().get(DIGEST)).toBe('sent');

    const health = (await (await fetch(`${bot.url}/healthz`)).json()) as { ok: boolean; lastDigest: { channel: string; day: string; state: string }; openNoodknopRequests: number };
    expect(health).toMatchObject({ ok: true, lastDigest: { channel: DIGEST, day: '2022-05-25', state: 'sent' }, openNoodknopRequests: 1 });
  }, 60_000);
});

describe('Slack unreachable at start', () => {
  it('answers /opvang stand without auth.test, and picks up the bot identity once Slack is back', async () => {
    const cold = await startBot();
    try {
      cold.fake.fail('auth.test', { status: 500 }, 100);
      const first = await cold.command('stand');
      expect(first.status).toBe(200);
      expect(visibleText(first.json())).toContain('84,5%');
      cold.fake.reset();
      expect((await cold.command('help')).status).toBe(200);
      expect(cold.fake.delivered('auth.test')).toHaveLength(1);
      await cold.command('stand');
      expect(cold.fake.callsTo('auth.test')).toHaveLength(1); // cached after success
    } finally {
      await cold.close();
    }
  }, 60_000);
});
