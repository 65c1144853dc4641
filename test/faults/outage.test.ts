import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findOutboxRow } from '../../src/outbox/outbox.store';
import { settleBot } from '../support/outbox';
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

const outboxRow = (key: string) => findOutboxRow(bot.deps.db, key);

describe('Slack outage', () => {
  it('a 429 storm, then 10 minutes of 500s: commands keep answering, attempts stay bounded, and the broadcast, digest and reminder each arrive once', async () => {
    expect((await bot.command('stand')).status).toBe(200); // auth.test done before the outage
    const start = new Date('2022-05-25T08:00:00+02:00');
    bot.clock.set(start);
    // First a storm of 429s (Retry-After 20 s), then every call answers 500: ten minutes in all.
    bot.fake.startOutage((n) => (n < 5 ? { status: 429, retryAfter: 20 } : { status: 500 }));

    const submitted = await bot.interact(
      viewSubmission(NOODKNOP_REQUEST_VIEW, ADMIN, {
        persons: text('12'), specialNeeds: checked(), neededDate: date('2022-05-26'), neededTime: time('06:00'), note: text('tijdens storing'),
      }),
    );
    expect(submitted.status).toBe(200);
    const id = bot.deps.db.prepare('SELECT max(id) FROM noodknop_requests').pluck().get() as number;
    await runDigest(bot.deps);
    await sendShiftReminders(bot.deps);
    await runNoodknopEscalation(bot.deps);

    // Ten minutes of outage, minute by minute: the jobs run, commands are answered from the database.
    for (let minute = 1; minute <= 10; minute++) {
      await settleBot(bot, { until: new Date(start.getTime() + minute * 60_000) });
      bot.clock.set(new Date(start.getTime() + minute * 60_000));
      const stand = await bot.command('stand');
      expect(stand.status).toBe(200);
      expect(visibleText(stand.json())).toContain('46.091 plekken');
      await runNoodknopEscalation(bot.deps);
      await sendShiftReminders(bot.deps);
    }
    expect(bot.fake.history.allMessages()).toEqual([]);
    // Bounded: the worker backs off as a whole (Retry-After, then 2 s, 4 s, … per failure in a row).
    const attempts = bot.fake.calls.filter((c) => c.method !== 'auth.test' && c.method !== 'response_url').length;
    expect(attempts).toBeGreaterThan(3);
    expect(attempts).toBeLessThanOrEqual(25);
    const health = (await (await fetch(`${bot.url}/healthz`)).json()) as { outbox: { pending: number; failed: number } };
    expect(health.outbox).toMatchObject({ failed: 0 });
    expect(health.outbox.pending).toBeGreaterThanOrEqual(3);

    bot.fake.endOutage();
    await settleBot(bot);
    await runNoodknopEscalation(bot.deps);
    await settleBot(bot);

    // Each exactly once in Slack, and the stored ts is that message's.
    const once = (key: string) => {
      const found = bot.fake.history.withKey(key);
      expect(found, key).toHaveLength(1);
      expect(outboxRow(key), key).toMatchObject({ state: 'sent', ts: found[0]!.ts });
      return found[0]!;
    };
    const broadcast = once(`noodknop:${id}:broadcast`);
    expect(broadcast.channel).toBe(NOOD);
    expect(visibleText(broadcast)).toContain('0 van 12 plekken aangeboden');
    expect(once(`digest:${DIGEST}:2022-05-25`).channel).toBe(DIGEST);
    expect(bot.fake.history.messagesIn(`D${PERSON}`)).toHaveLength(1);
    expect(bot.fake.history.messagesIn(DIGEST).filter((m) => m.files)).toHaveLength(1);

    const health2 = (await (await fetch(`${bot.url}/healthz`)).json()) as { ok: boolean; lastDigest: { channel: string; day: string; state: string }; openNoodknopRequests: number; outbox: { pending: number; failed: number } };
    expect(health2).toMatchObject({ ok: true, lastDigest: { channel: DIGEST, day: '2022-05-25', state: 'sent' }, openNoodknopRequests: 1, outbox: { pending: 0, failed: 0 } });
  });
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
