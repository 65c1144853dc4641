import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ids from '../../src/blockkit/ids';
import { startBot, visibleText, type TestBot } from '../support/bot';
import { fingerprint } from '../support/db';

let bot: TestBot;
beforeAll(async () => {
  bot = await startBot();
});
afterAll(async () => {
  await bot.close();
});

function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const knownIds = (Object.values(ids) as unknown[]).filter((v): v is string => typeof v === 'string' && !v.startsWith('/'));
const nasty = ['', ' ', '<!channel>', '<@UADMIN1>', '*vet*', '"; DROP TABLE locations; --', 'x'.repeat(100_000), '\u0000\u202e', '😀'.repeat(500), '-1', '1e309', 'NaN', '{}', '[]'];

/** Builds one malformed or hostile, but validly signed, request body. */
function hostileRequest(rnd: () => number, i: number): { body: string; contentType?: string } {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const weird = (): unknown => pick<unknown>([pick(nasty), 42, -1, null, true, { a: 1 }, [1, 2], 1.5, undefined]);
  const form = (payload: unknown) => ({ body: new URLSearchParams({ payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }).toString() });
  switch (i % 9) {
    case 0:
      return { body: new URLSearchParams({ command: '/opvang', text: pick(nasty) + pick([' stand', ' help', ' bijwerken', ' noodknop', ' export', '']), user_id: pick(['UX1', '', 'UADMIN1']), channel_id: 'C0TEAM', team_id: 'T0TEST', trigger_id: 't', response_url: bot.fake.responseUrl('h') }).toString() };
    case 1:
      return { body: new URLSearchParams({ command: '/opvang' }).toString() };
    case 2:
      return form({ type: 'block_actions', user: { id: 'UX2' }, actions: [{ action_id: pick(knownIds), value: weird(), type: 'button' }], response_url: bot.fake.responseUrl('h'), trigger_id: 't' });
    case 3:
      return form({ type: 'block_actions', user: weird(), actions: weird(), container: weird() });
    case 4:
      return form({ type: 'view_submission', user: { id: pick(['UX3', 'UADMIN1']) }, view: { id: 'V1', callback_id: pick(knownIds), private_metadata: pick(nasty), hash: 'h', state: { values: { [pick(['x', 'places', 'occupied', 'name'])]: { a: { type: 'plain_text_input', value: weird() } } } } } });
    case 5:
      return form(`{"type": "view_submission", "view": ${pick(['{', 'null', '"x"', '[]'])}`);
    case 6:
      return { body: JSON.stringify({ type: 'event_callback', team_id: 'T0TEST', event: pick<unknown>([undefined, { type: pick(['app_home_opened', 'message', 'unknown_event']), user: weird(), tab: weird(), files: weird() }]) }), contentType: 'application/json' };
    case 7:
      return { body: pick(['{broken json', '', 'payload=%7B', '\u0000'.repeat(10)]), contentType: pick(['application/json', 'application/x-www-form-urlencoded', 'text/plain']) };
    default:
      return form({ type: pick(['block_suggestion', 'shortcut', 'message_action', 'view_closed', 'interactive_message', 'nonsense']), user: { id: 'UX4' }, action_id: pick(knownIds), value: weird(), view: { callback_id: pick(knownIds), state: { values: {} } } });
  }
}

describe('hostile input', () => {
  it('1.000 malformed, validly signed requests: no crash, no 5xx, nothing stored, stand still right', async () => {
    const before = fingerprint(bot.deps.db);
    const rnd = random(7);
    const statuses = new Map<number, number>();
    for (let batch = 0; batch < 50; batch++) {
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, j) => {
          const { body, contentType } = hostileRequest(rnd, batch * 20 + j);
          return bot.post(body, { contentType });
        }),
      );
      for (const res of responses) statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
    const serverErrors = [...statuses].filter(([status]) => status >= 500);
    expect(serverErrors).toEqual([]);
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(1000);
    expect(fingerprint(bot.deps.db)).toBe(before);
    // Requests Slack never sends (an empty user_id, a user that is no object) are refused before
    // any listener runs, so the bot never asks Slack for something for nobody.
    expect(bot.fake.violations).toEqual([]);

    const stand = visibleText((await bot.command('stand')).json());
    expect(stand).toContain('46.091 plekken · 38.949 bezet · *84,5%* bezettingsgraad');
  }, 120_000);
});
