import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCATION_PICKER, LOCATION_UPDATE_VIEW, SHIFT_CLAIM, SHIFT_PATTERN_MODAL } from '../../src/blockkit/ids';
import { FAILURE_TEXT } from '../../src/slack/listener-errors';
import { CRAFTED_IDENTITY_TEXT } from '../../src/slack/identity';
import { ADMIN, buttonClick, date, external, mention, selected, startBot, text, viewOf, viewSubmission, visibleText, type TestBot } from '../support/bot';
import { fingerprint } from '../support/db';
import { grantRole, openedModal, submit } from '../support/forms';

/**
 * Issue 10 §2: an exception in any handler gives the user a visible Dutch error and stores
 * nothing. The faults are provoked through the real path: a trigger that refuses the write, or the
 * bot's own connection made read-only (as a full or broken disk would), while the request goes
 * through signed HTTP into Bolt's receiver.
 */
let bot: TestBot;
beforeEach(async () => {
  bot = await startBot();
});
afterEach(async () => {
  await bot.close();
});

const readOnly = (on: boolean) => bot.deps.db.pragma(`query_only = ${on ? 'ON' : 'OFF'}`);

describe('a form whose write throws', () => {
  it('stays open with the error under its first input, stores nothing, and can be sent again once the fault is gone', async () => {
    const form = await openedModal(bot, 'landelijk', ADMIN);
    bot.deps.db.exec(`CREATE TRIGGER refuse_national BEFORE INSERT ON national_figures BEGIN SELECT RAISE(ABORT, 'schijf vol'); END`);
    const before = fingerprint(bot.deps.db);
    const values = { asOf: date('2022-05-24'), places: text('50.000'), occupied: text('40.000') };

    const answer = (await bot.interact(submit(form, ADMIN, values))).json();
    expect(answer.response_action).toBe('errors');
    // Under the form's first input block, the only kind of key Slack shows a field error for.
    expect(answer.errors).toEqual({ [form.blocks.find((b: any) => b.type === 'input').block_id]: expect.stringContaining(FAILURE_TEXT.nothingStored) });
    // The next step names who can help (issue 16: refusals and errors name the admins).
    expect(Object.values(answer.errors)[0]).toContain(`Blijft het misgaan, waarschuw dan <@${ADMIN}> (beheerder).`);
    expect(fingerprint(bot.deps.db)).toBe(before);
    expect(bot.logLines.some((l) => l.includes('"listener.failed"') && l.includes('schijf vol'))).toBe(true);

    // The claim on the submission rolled back with the write: the same view goes through now.
    bot.deps.db.exec('DROP TRIGGER refuse_national');
    const retried = await bot.interact(submit(form, ADMIN, values));
    expect(retried.text).toBe('');
    expect(bot.deps.db.prepare("SELECT places, occupied FROM national_figures WHERE as_of = '2022-05-24'").get()).toEqual({ places: 50_000, occupied: 40_000 });
  });

  it('a view without an input block is replaced by a notice instead of closing', async () => {
    const location = bot.deps.db.prepare('SELECT id, version FROM locations LIMIT 1').get() as { id: number; version: number };
    readOnly(true);
    const before = fingerprint(bot.deps.db);
    // A form whose blocks hold no input (only its state says what was filled in).
    const payload = viewSubmission(
      LOCATION_UPDATE_VIEW,
      ADMIN,
      { [LOCATION_PICKER]: external(String(location.id)), places: text('10'), occupied: text('5'), stage: selected('operationeel') },
      { privateMetadata: JSON.stringify({ id: location.id, version: location.version }), view: { blocks: [{ type: 'section', block_id: 'intro', text: { type: 'mrkdwn', text: 'x' } }], title: { type: 'plain_text', text: 'Locatie bijwerken' } } },
    );
    const answer = (await bot.interact(payload)).json();
    expect(answer.response_action).toBe('update');
    expect(visibleText(answer.view)).toContain(FAILURE_TEXT.nothingStored);
    expect(answer.view.submit).toBeUndefined();
    expect(fingerprint(bot.deps.db)).toBe(before);
  });
});

describe('a database that refuses every write', () => {
  it('a click, a command, a form and a CSV by DM each tell the user in Dutch, and nothing is stored', async () => {
    grantRole(bot, 'UVOL1', 'editor');
    const pattern = await openedModal(bot, 'rooster patroon', ADMIN);
    expect(pattern.callback_id).toBe(SHIFT_PATTERN_MODAL);
    await bot.interact(submit(pattern, ADMIN, { from: date('2022-05-26'), through: date('2022-05-26'), slots: text('07-15'), organisation: selected('COA'), role: text('Begeleider') }));
    const shift = bot.deps.db.prepare('SELECT id FROM shifts').pluck().get() as number;
    const form = await openedModal(bot, 'bijwerken', ADMIN);
    readOnly(true);
    const before = fingerprint(bot.deps.db);

    // A click: acknowledged, then an ephemeral where the person clicked.
    await bot.interact(buttonClick(SHIFT_CLAIM, 'UVOL1', { value: `channel:${shift}`, responseUrl: bot.fake.responseUrl('claim') }));
    const told = await bot.fake.waitForCall('chat.postEphemeral');
    expect(told.body).toMatchObject({ channel: 'C0TEAM', user: 'UVOL1' });
    expect(told.body.text).toContain(FAILURE_TEXT.nothingStored);

    // A command that writes: the reply says so.
    const command = (await bot.command(['rechten ', mention('UNIEUW1'), ' bewerker'], ADMIN)).json();
    expect(command.text).toContain(FAILURE_TEXT.nothingStored);

    // A form (the location picker form, with a location picked): errors, modal open.
    const id = bot.deps.db.prepare('SELECT id FROM locations LIMIT 1').pluck().get() as number;
    await bot.interact({ ...buttonClick(LOCATION_PICKER, ADMIN, { view: form }), actions: [{ type: 'external_select', action_id: LOCATION_PICKER, block_id: LOCATION_PICKER, selected_option: { value: String(id), text: { type: 'plain_text', text: 'x' } }, action_ts: '1.1' }] });
    const picked = viewOf(await bot.fake.waitForCall('views.update'));
    const answer = (await bot.interact(submit(picked, ADMIN, { places: text('999') }))).json();
    expect(answer.response_action).toBe('errors');
    expect(Object.values(answer.errors)).toEqual([expect.stringContaining(FAILURE_TEXT.nothingStored)]);

    // A CSV sent by DM: the import says in the DM that nothing was stored.
    const csv = 'naam;gemeente;doelgroep;fase;plekken;bezet\r\nNieuwe Hal;Zwolle;CNO;operationeel;10;0\r\n';
    await bot.event({ type: 'message', channel: 'D0ADMIN', channel_type: 'im', user: ADMIN, ts: '1700000001.000300', files: [{ id: 'FRO', name: 'hal.csv', filetype: 'csv', url_private: bot.fake.serveFile('hal.csv', csv) }] });
    const dm = await bot.fake.waitForCall('chat.postMessage');
    expect(dm.body.channel).toBe('D0ADMIN');
    expect(dm.body.text).toContain('niets opgeslagen');

    expect(fingerprint(bot.deps.db)).toBe(before);
    readOnly(false);
  });
});

describe('reads that fail', () => {
  it('an options load that throws answers one Dutch option instead of nothing', async () => {
    // A value Slack never sends (not a string): the search throws on it.
    const res = await bot.interact({ type: 'block_suggestion', user: { id: ADMIN }, action_id: LOCATION_PICKER, block_id: LOCATION_PICKER, value: 42, view: { callback_id: LOCATION_UPDATE_VIEW } });
    expect(res.json().options.map((o: any) => o.text.text)).toEqual([FAILURE_TEXT.search]);
  });

  it('an event whose handler throws (the Home tab cannot be read) tells the user in a DM', async () => {
    bot.deps.db.exec('ALTER TABLE targets RENAME TO targets_away');
    try {
      await bot.event({ type: 'app_home_opened', user: 'UREADER1', tab: 'home', channel: 'D0READER' });
      const dm = await bot.fake.waitForCall('chat.postMessage');
      expect(bot.fake.last('conversations.open')!.body.users).toBe('UREADER1');
      expect(dm.body.text).toContain(FAILURE_TEXT.nothingStored);
      expect(bot.fake.callsTo('views.publish')).toHaveLength(0);
    } finally {
      bot.deps.db.exec('ALTER TABLE targets_away RENAME TO targets');
    }
  });
});

describe('crafted identities', () => {
  it('a command with an empty user_id is refused in Dutch before any feature runs (no DM opened for nobody)', async () => {
    const before = fingerprint(bot.deps.db);
    const reply = (await bot.command('export', '')).json();
    expect(reply.text).toBe(CRAFTED_IDENTITY_TEXT);
    const click = await bot.interact({ ...buttonClick(SHIFT_CLAIM, ''), user: { id: 'not-a-user' } }, { unchecked: true });
    expect(click.status).toBe(200);
    expect(bot.fake.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
    expect(fingerprint(bot.deps.db)).toBe(before);
  });
});
