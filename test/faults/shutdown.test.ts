import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database';
import { seedBaseline } from '../../src/seed/seed';
import { FakeSlack } from '../support/fake-slack';
import { spawnBot } from '../support/process';
import { signedHeaders } from '../support/sign';

let dir: string;
let fake: FakeSlack;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'opvangbot-shutdown-'));
  const db = openDatabase(join(dir, 'opvang.sqlite'));
  seedBaseline(db);
  db.close();
  fake = await new FakeSlack().start();
});
afterEach(async () => {
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('graceful shutdown', () => {
  it('on SIGTERM finishes, stops the jobs, closes the database cleanly and exits 0', async () => {
    const databasePath = join(dir, 'opvang.sqlite');
    const bot = await spawnBot({ SLACK_BOT_TOKEN: 'xoxb-stop', SLACK_SIGNING_SECRET: 'stop-secret', SLACK_API_URL: fake.apiUrl, DATABASE_PATH: databasePath, LOG_LEVEL: 'info' });
    const body = new URLSearchParams({ command: '/opvang', text: 'stand', user_id: 'U1', channel_id: 'C1', team_id: 'T0TEST', trigger_id: 't', response_url: fake.responseUrl() }).toString();
    const res = await fetch(`${bot.url}/slack/events`, { method: 'POST', headers: signedHeaders('stop-secret', body), body });
    expect(res.status).toBe(200);
    expect(existsSync(`${databasePath}-wal`)).toBe(true);

    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(bot.stderr()).toContain('bot.stopping');
    // The last connection closed cleanly: SQLite checkpointed and removed the WAL.
    expect(existsSync(`${databasePath}-wal`)).toBe(false);
  }, 30_000);
});
