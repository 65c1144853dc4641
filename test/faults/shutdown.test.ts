import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { spawnBot, useProcessBed } from '../support/process';
import { signedHeaders } from '../support/sign';

const bed = useProcessBed('opvangbot-shutdown-');

describe('graceful shutdown', () => {
  it('on SIGTERM finishes, stops the jobs, closes the database cleanly and exits 0', async () => {
    const databasePath = bed.databasePath;
    bed.bot = await spawnBot({ SLACK_BOT_TOKEN: 'xoxb-stop', SLACK_SIGNING_SECRET: 'stop-secret', SLACK_API_URL: bed.fake.apiUrl, DATABASE_PATH: databasePath, LOG_LEVEL: 'info' });
    const body = new URLSearchParams({ command: '/opvang', text: 'stand', user_id: 'U1', channel_id: 'C1', team_id: 'T0TEST', trigger_id: 't', response_url: bed.fake.responseUrl() }).toString();
    const res = await fetch(`${bed.bot.url}/slack/events`, { method: 'POST', headers: signedHeaders('stop-secret', body), body });
    expect(res.status).toBe(200);
    expect(existsSync(`${databasePath}-wal`)).toBe(true);

    bed.bot.child.kill('SIGTERM');
    expect(await bed.bot.exited).toBe(0);
    expect(bed.bot.stderr()).toContain('bot.stopping');
    // The last connection closed cleanly: SQLite checkpointed and removed the WAL.
    expect(existsSync(`${databasePath}-wal`)).toBe(false);
  }, 30_000);
});
