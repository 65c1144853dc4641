import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database';
import { seedBaseline } from '../../src/seed/seed';
import { FakeSlack, type Fault } from '../support/fake-slack';
import { spawnBot, type BotProcess } from '../support/process';

/**
 * The real bot process is killed (SIGKILL) after it claimed the morning digest and sent the post,
 * before it heard Slack's answer: the claim is on disk, the outcome is not. Restarted on the same
 * database, it must end with exactly one digest in the channel, whether Slack had taken the post
 * or not, and without anyone having to look ("uncertain" is gone).
 */

const DIGEST = 'C0DIGEST';
const KEY = `digest:${DIGEST}:2022-05-25`;
let dir: string;
let fake: FakeSlack;
let bot: BotProcess | undefined;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'opvangbot-outbox-crash-'));
  const db = openDatabase(join(dir, 'opvang.sqlite'));
  seedBaseline(db);
  db.close();
  fake = await new FakeSlack().start();
});
afterEach(async () => {
  bot?.child.kill('SIGKILL');
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
});

const env = () => ({
  SLACK_BOT_TOKEN: 'xoxb-crash',
  SLACK_SIGNING_SECRET: 'outbox-crash-secret',
  SLACK_API_URL: fake.apiUrl,
  DATABASE_PATH: join(dir, 'opvang.sqlite'),
  OPVANG_ADMINS: 'UADMIN1',
  DIGEST_CHANNEL: DIGEST,
  // Past 07:30: the digest job posts at start.
  OPVANG_NOW: '2022-05-25T07:31:00+02:00',
  OUTBOX_TIMEOUT_MS: '30000',
});

/** The digest's outbox row as the database has it (read beside the running bot). */
function digestRow(): { state: string; ts: string | null } | undefined {
  const db = new Database(join(dir, 'opvang.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT state, ts FROM outbox WHERE key = ?').get(KEY) as { state: string; ts: string | null } | undefined;
  } finally {
    db.close();
  }
}

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const digests = () => fake.history.messagesIn(DIGEST).filter((m) => !m.thread_ts);

describe('SIGKILL between the claim and the post', () => {
  for (const [fault, taken] of [
    ['take_then_hang', true],
    ['hang', false],
  ] as [Fault, boolean][]) {
    it(`${taken ? 'Slack had taken the post' : 'the post never reached Slack'}: after the restart exactly one digest is in the channel`, async () => {
      fake.fault('chat.postMessage', fault, 1, (body) => body.channel === DIGEST);
      bot = await spawnBot(env());
      // The post is out (and, when taken, in the channel); Slack's answer never comes.
      await until(() => fake.callsTo('chat.postMessage').some((c) => c.body.channel === DIGEST));
      expect(digestRow()?.state).toBe('sending');
      expect(digests()).toHaveLength(taken ? 1 : 0);
      bot.child.kill('SIGKILL');
      expect(await bot.exited).toBe('SIGKILL');

      bot = await spawnBot(env());
      await until(() => digestRow()?.state === 'sent' && fake.history.messagesIn(DIGEST).some((m) => m.files));
      expect(digests()).toHaveLength(1);
      expect(fake.history.withKey(KEY)).toHaveLength(1);
      expect(digestRow()!.ts).toBe(digests()[0]!.ts);
      // Looked for before posting: found (taken) or posted once (not taken).
      expect(fake.callsTo('conversations.history').length).toBeGreaterThanOrEqual(1);
      expect(fake.callsTo('chat.postMessage').filter((c) => c.body.channel === DIGEST && !c.body.thread_ts)).toHaveLength(taken ? 1 : 2);
      // The chart followed in the thread of that one message.
      expect(fake.history.messagesIn(DIGEST).filter((m) => m.files).map((m) => m.thread_ts)).toEqual([digests()[0]!.ts]);
      expect(bot.stderr()).not.toContain('digest.uncertain');
    }, 60_000);
  }
});
