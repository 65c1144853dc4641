import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NOODKNOP_PLACE_OPEN, NOODKNOP_REQUEST_VIEW, SHIFT_PATTERN_MODAL } from '../../src/blockkit/ids';
import { inputBlockIds } from '../support/conformance/block-kit-rules';
import { ADMIN, buttonClick, checked, selected, startBot, text, viewOf, viewSubmission, type TestBot } from '../support/bot';
import { grantRole, openedModal, submit } from '../support/forms';

/**
 * Field errors go only under input blocks of the form that was submitted
 * (docs.slack.dev/reference/interaction-payloads/view-interactions-payload), also when the form
 * went stale while it was open or the person lost the role. `bot.interact` checks every answer;
 * these tests make the stale cases happen.
 */
const NOOD = 'C0NOOD';
const EDITOR = 'UEDITOR1';
let bot: TestBot;
beforeEach(async () => {
  bot = await startBot({ env: { NOODKNOP_CHANNEL: NOOD } });
  grantRole(bot, EDITOR, 'editor');
});
afterEach(async () => {
  await bot.close();
});

const one = (sql: string, ...params: unknown[]) => bot.deps.db.prepare(sql).get(...params) as any;

async function requestWithOffer(): Promise<{ id: number; offerId: number }> {
  const form = await openedModal(bot, 'noodknop', ADMIN);
  expect(form.callback_id).toBe(NOODKNOP_REQUEST_VIEW);
  expect((await bot.interact(submit(form, ADMIN, { persons: text('5') }))).text).toBe('');
  await bot.fake.waitForCall('chat.postMessage');
  const id = one('SELECT max(id) AS id FROM noodknop_requests').id as number;
  const location = one("SELECT id FROM locations WHERE stage = 'operationeel' LIMIT 1")?.id ?? null;
  bot.deps.db
    .prepare("INSERT INTO noodknop_offers (request_id, location_id, other_location, places, offered_by, created_at, updated_at) VALUES (?, ?, ?, 3, ?, '2022-05-25T07:00:00Z', '2022-05-25T07:00:00Z')")
    .run(id, location, location === null ? 'Gymzaal' : null, EDITOR);
  return { id, offerId: one('SELECT max(id) AS id FROM noodknop_offers').id as number };
}

describe('errors of stale forms go under the form’s own input blocks', () => {
  it('placement: the offers changed while the form was open', async () => {
    const { id, offerId } = await requestWithOffer();
    await bot.interact(buttonClick(NOODKNOP_PLACE_OPEN, ADMIN, { value: String(id) }));
    const form = viewOf(await bot.fake.waitForCall('views.open', 2));
    expect(inputBlockIds(form)).toEqual([`used_${offerId}`]);
    // The offer in the form is withdrawn and another one made: none of the current offers is in the form.
    bot.deps.db.prepare("UPDATE noodknop_offers SET withdrawn_at = '2022-05-25T07:05:00Z' WHERE id = ?").run(offerId);
    bot.deps.db
      .prepare("INSERT INTO noodknop_offers (request_id, other_location, places, offered_by, created_at, updated_at) VALUES (?, 'Sporthal', 2, ?, '2022-05-25T07:06:00Z', '2022-05-25T07:06:00Z')")
      .run(id, EDITOR);
    const answer = (await bot.interact(submit(form, ADMIN, { [`used_${offerId}`]: text('0') }))).json();
    expect(answer.response_action).toBe('errors');
    expect(Object.keys(answer.errors)).toEqual([`used_${offerId}`]);

    // All offers gone: the refusal still names the form's input.
    bot.deps.db.prepare("UPDATE noodknop_offers SET withdrawn_at = '2022-05-25T07:07:00Z' WHERE request_id = ?").run(id);
    const refused = (await bot.interact(submit(form, ADMIN, { [`used_${offerId}`]: text('3') }))).json();
    expect(Object.keys(refused.errors)).toEqual([`used_${offerId}`]);
    expect(one('SELECT state FROM noodknop_requests WHERE id = ?', id).state).toBe('open');
  });

  it('roster forms: a former admin’s submission is refused under the first input, not a section', async () => {
    const form = await openedModal(bot, 'rooster patroon', ADMIN);
    expect(form.callback_id).toBe(SHIFT_PATTERN_MODAL);
    // The section on top got a Slack-generated block_id; the refusal must not go there.
    expect(form.blocks[0].type).toBe('section');
    expect(form.blocks[0].block_id).toBeTruthy();
    grantRole(bot, 'UFORMER1', 'viewer');
    const answer = (await bot.interact(viewSubmission(form.callback_id, 'UFORMER1', { organisation: selected('COA'), role: text('x') }, { view: form }))).json();
    expect(answer.response_action).toBe('errors');
    expect(inputBlockIds(form)).toContain(Object.keys(answer.errors)[0]);
    expect(one('SELECT count(*) AS n FROM shifts').n).toBe(0);
  });

  it('the checker itself fails a test whose answer keys a block that is not an input', async () => {
    const form = await openedModal(bot, 'rooster patroon', ADMIN);
    const forged = { ...form, blocks: form.blocks.filter((b: any) => b.type !== 'input').concat([{ type: 'section', block_id: 'organisation', text: { type: 'mrkdwn', text: 'x' } }]) };
    await expect(bot.interact(viewSubmission(form.callback_id, ADMIN, { organisation: selected(null), role: text(''), per_slot: text('x'), slots: text(''), from: checked() }, { view: forged }))).rejects.toThrow(
      /geen invoerblok van dit formulier/,
    );
  });
});
