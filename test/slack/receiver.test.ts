import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { STAND_SHARE } from '../../src/blockkit/ids';
import { buttonClick, startBot, visibleText, type TestBot } from '../support/bot';
import { slackSignature } from '../support/sign';

let bot: TestBot;
beforeEach(async () => {
  bot = await startBot();
});
afterEach(async () => {
  await bot.close();
});

const commandBody = (text: string) =>
  new URLSearchParams({ command: '/opvang', text, user_id: 'UADMIN1', channel_id: 'C0TEAM', team_id: 'T0TEST', trigger_id: 't', response_url: 'http://127.0.0.1:1/x' }).toString();

const auditCount = (b: TestBot) => b.deps.db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;

describe('signed requests', () => {
  it('refuses an unsigned request with 401 and changes nothing', async () => {
    const before = auditCount(bot);
    const res = await bot.post(commandBody('stand'), { unsigned: true });
    expect(res.status).toBe(401);
    expect(auditCount(bot)).toBe(before);
    expect(bot.fake.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  });

  it('refuses a wrong signature with 401', async () => {
    const res = await bot.post(commandBody('stand'), { signature: slackSignature('not-the-secret', Math.floor(Date.now() / 1000), commandBody('stand')) });
    expect(res.status).toBe(401);
  });

  it('refuses a timestamp older than five minutes with 401', async () => {
    const res = await bot.post(commandBody('stand'), { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(res.status).toBe(401);
  });

  it('answers a correctly signed request', async () => {
    const res = await bot.post(commandBody('stand'));
    expect(res.status).toBe(200);
    expect(visibleText(res.json())).toContain('46.091');
  });

  it('never logs the bot token or the signing secret', async () => {
    await bot.post(commandBody('stand'), { unsigned: true });
    await bot.post(commandBody('stand'));
    const log = bot.logLines.join('\n');
    expect(log).not.toContain('xoxb-test-token-123');
    expect(log).not.toContain('test-signing-secret-0123456789');
  });
});

describe('/healthz', () => {
  it("reports the database's state", async () => {
    const res = await fetch(`${bot.url}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; database: { ok: boolean; migrations: number }; openNoodknopRequests: number };
    expect(body.ok).toBe(true);
    expect(body.database.migrations).toBeGreaterThanOrEqual(1);
    expect(body.openNoodknopRequests).toBe(0);
  });

  it('answers 503 when the database is gone', async () => {
    bot.deps.db.close();
    const res = await fetch(`${bot.url}/healthz`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { ok: boolean }).ok).toBe(false);
  });
});

describe('replayed requests', () => {
  it('refuses a timestamp more than five minutes in the future with 401', async () => {
    const res = await bot.post(commandBody('stand'), { timestamp: Math.floor(Date.now() / 1000) + 6 * 60 });
    expect(res.status).toBe(401);
  });

  it('accepts a timestamp within the allowed skew', async () => {
    const res = await bot.post(commandBody('stand'), { timestamp: Math.floor(Date.now() / 1000) + 60 });
    expect(res.status).toBe(200);
  });
});

describe('requests no listener claims', () => {
  // Bolt leaves these unacknowledged and answers 404 after three seconds; Slack would show the user
  // an error. The bot answers 200 (src/slack/acking-app.ts).
  const payload = (p: Record<string, unknown>) => new URLSearchParams({ payload: JSON.stringify({ team: { id: 'T0TEST' }, user: { id: 'UX1' }, ...p }) }).toString();

  it('acknowledges a click on a button of an older version (an unknown action id)', async () => {
    const res = await bot.interact(buttonClick('button_of_an_older_version', 'UREADER1'));
    expect(res.status).toBe(200);
    await bot.idle();
    expect(bot.fake.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  });

  it('acknowledges view_closed, a shortcut, an unknown command and a type Bolt cannot route', async () => {
    const statuses = await Promise.all([
      bot.post(payload({ type: 'view_closed', view: { id: 'V1', callback_id: 'x' } })),
      bot.post(payload({ type: 'shortcut', callback_id: 'x', trigger_id: 't' })),
      bot.post(commandBody('stand').replace('%2Fopvang', '%2Fanders')),
      bot.post(payload({ type: 'nonsense' })),
    ]);
    expect(statuses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
  });
});

describe('idle', () => {
  it('resolves after the work a listener does past its ack', async () => {
    const res = await bot.interact(buttonClick(STAND_SHARE, 'UREADER1', { value: 'region', responseUrl: bot.fake.responseUrl('share') }));
    expect(res.status).toBe(200);
    await bot.idle();
    // No waiting for the call: idle() means the listener (which posts after its ack) has finished.
    expect(bot.fake.callsTo('response_url')).toHaveLength(1);
  });
});

describe('request log', () => {
  it('writes one structured line per request with the user and what they did', async () => {
    await bot.command('stand Zwolle', 'UREADER7');
    // The line is written when the handler finishes, just after the ack has answered.
    const line = await vi.waitFor(() => {
      const found = bot.logLines.map((l) => JSON.parse(l)).find((l) => l.event === 'slack.request');
      if (!found) throw new Error('no request line yet');
      return found;
    });
    expect(line).toMatchObject({ level: 'info', user: 'UREADER7', kind: 'command', action: '/opvang stand', failed: false });
  });
});
