import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { features } from '../../src/features/registry';
import { ADMIN, startBot, visibleText, type TestBot } from '../support/bot';
import { NATIONAL_NOW, nationalDir } from '../support/datasets';

/**
 * Issue 10 §3: the synthetic national-scale dataset never makes the bot call Slack about users,
 * channels or messages that do not exist. The bot starts on it as `npm start` would, every job of
 * every feature runs at several moments (the morning it ends on, later that day, the next days:
 * deadlines passed, reminders and gaps due), and every call the fake Slack saw is checked.
 */
const DIGEST = 'C0DIGEST';
const NOOD = 'C0NOOD';
let bot: TestBot;
let dir: string;
beforeAll(async () => {
  dir = nationalDir();
  bot = await startBot({ dir, seed: false, now: NATIONAL_NOW, env: { DIGEST_CHANNEL: DIGEST, NOODKNOP_CHANNEL: NOOD, BACKUP_DIR: join(dir, 'backups') } });
}, 60_000);
afterAll(async () => {
  await bot.close();
  rmSync(dir, { recursive: true, force: true });
});

const jobs = features.flatMap((f) => f.jobs ?? []);

describe('the synthetic national-scale dataset', () => {
  it('holds no request the jobs act on and no shift person who is a Slack member', () => {
    const db = bot.deps.db;
    expect(db.prepare("SELECT count(*) FROM noodknop_requests WHERE synthetic = 1 AND state NOT IN ('geplaatst', 'geannuleerd')").pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM noodknop_requests WHERE synthetic = 1 AND (channel_id IS NOT NULL OR message_ts IS NOT NULL)').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM shifts WHERE slack_user_id IS NOT NULL').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM shifts WHERE person_name IS NOT NULL').pluck().get()).toBeGreaterThan(500);
  });

  it('every job, run on several days: no call names a made-up user, channel or message', async () => {
    const moments = ['2022-08-31T09:00:00+02:00', '2022-08-31T16:00:00+02:00', '2022-09-01T08:00:00+02:00', '2022-09-02T10:00:00+02:00'];
    for (const [i, moment] of moments.entries()) {
      bot.clock.set(moment);
      for (const job of jobs) {
        if (job.name === 'backup' && i > 0) continue;
        await job.run(bot.deps);
      }
    }
    // What the jobs enqueued, delivered.
    await bot.idle();
    const calls = bot.fake.calls.filter((c) => c.method !== 'auth.test');
    // Not vacuous: the digest and the open shifts of the coming days went out.
    expect(calls.some((c) => c.method === 'chat.postMessage' && c.body.channel === DIGEST)).toBe(true);

    const text = JSON.stringify(calls.map((c) => c.body));
    expect(text).not.toMatch(/C0SYNTH|USYNTH|1650000000\.|<@synthetic>/);
    // Only the configured channels, and no DM about the dataset (it has no real person to DM). The
    // DMs are to the configured admin (OPVANG_ADMINS): the overdue job asking about the real
    // baseline location under it, out of date since May and without an owner (issue 15), on
    // Wednesday 31 August and reminding two working days later; never about a synthetic location.
    expect(new Set(bot.fake.callsTo('conversations.open').map((c) => c.body.users))).toEqual(new Set([ADMIN]));
    const dms = bot.fake.history.messagesIn(`D${ADMIN}`);
    expect(dms.map((m) => m.metadata?.event_type)).toEqual(['opvang_overdue_prompt', 'opvang_overdue_reminder']);
    expect(visibleText(dms[0] as never)).toContain('Woonunits Dalfsen');
    expect(visibleText(dms[0] as never)).not.toMatch(/Synthetisch|synthetic/i);
    const channels = new Set(calls.map((c) => c.body.channel ?? c.body.channel_id).filter(Boolean));
    expect([...channels].every((c) => c === DIGEST || c === NOOD || c === `D${ADMIN}`)).toBe(true);
    // Every message the bot names (a thread, an update) is one it posted in this run.
    const posted = new Set(bot.fake.delivered('chat.postMessage').map((c) => c.response?.ts));
    const named = calls.flatMap((c) => [c.body.thread_ts, c.method === 'chat.update' ? c.body.ts : undefined]).filter(Boolean);
    expect(named.filter((ts) => !posted.has(ts))).toEqual([]);
    expect(bot.logLines.filter((l) => l.includes('"job.failed"'))).toEqual([]);
  }, 60_000);

  it('/opvang noodknop lijst shows none of its requests, and its shifts name people without mentions', async () => {
    bot.clock.set(NATIONAL_NOW);
    const list = visibleText((await bot.command('noodknop lijst')).json());
    expect(list).not.toMatch(/synthetic|#\d+/);
    const shifts = visibleText((await bot.command('rooster diensten')).json());
    expect(shifts).not.toContain('<@');
  });
});
