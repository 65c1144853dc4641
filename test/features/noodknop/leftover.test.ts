import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NOODKNOP_FOLLOW_UP_OPEN, NOODKNOP_LEFTOVER_DISMISS, NOODKNOP_OFFER_VIEW, NOODKNOP_PLACE_VIEW, NOODKNOP_REQUEST_VIEW } from '../../../src/blockkit/ids';
import { settleBot } from '../../support/outbox';
import { ADMIN, buttonClick, checked, date, initialState, selected, startBot, text, time, viewOf, viewSubmission, visibleText, type StateValue, type TestBot } from '../../support/bot';

/**
 * Issue 16: the people a partial placement left without a place stay under "Nu actie nodig" until
 * a new noodknop is opened for them or the requester or an admin records that none is needed —
 * through the real bot (signed HTTP, fake Slack, a real SQLite file).
 */

const NOOD = 'C0NOOD';
const EDITOR = 'UEDITOR1';
const EDITOR2 = 'UEDITOR2';
const READER = 'UREADER1';

let bot: TestBot;
let ommen: number;

const one = (sql: string, ...params: unknown[]) => bot.deps.db.prepare(sql).get(...params) as any;
const count = (sql: string, ...params: unknown[]) => bot.deps.db.prepare(sql).pluck().get(...params) as number;

const requestFields = (day = '2022-05-26'): Record<string, StateValue> => ({
  persons: text('12'),
  families: text(''),
  singleAdults: text(''),
  unaccompaniedMinors: text(''),
  specialNeeds: checked(),
  origin: text('Aanmeldcentrum Ter Apel'),
  neededDate: date(day),
  neededTime: time('09:00'),
  contact: text(''),
  note: text(''),
});

/** Requests 12 places as EDITOR, has EDITOR2 offer 10 at Ommen and places those 10: 2 are left without a place. */
async function placeTenOfTwelve(): Promise<{ id: number; ts: string }> {
  expect((await bot.interact(viewSubmission(NOODKNOP_REQUEST_VIEW, EDITOR, requestFields()))).text).toBe('');
  const id = one('SELECT max(id) AS id FROM noodknop_requests').id as number;
  await bot.fake.waitFor(() => one('SELECT message_ts FROM noodknop_requests WHERE id = ?', id).message_ts !== null);
  const offer = { location: selected(String(ommen)), otherLocation: text(''), places: text('10'), note: text(''), overCapacity: checked() };
  expect((await bot.interact(viewSubmission(NOODKNOP_OFFER_VIEW, EDITOR2, offer, { privateMetadata: JSON.stringify({ requestId: id }) }))).text).toBe('');
  const offerId = one('SELECT id FROM noodknop_offers WHERE request_id = ?', id).id as number;
  expect((await bot.interact(viewSubmission(NOODKNOP_PLACE_VIEW, EDITOR, { [`used_${offerId}`]: text('10') }, { privateMetadata: JSON.stringify({ requestId: id }) }))).text).toBe('');
  expect(one('SELECT state FROM noodknop_requests WHERE id = ?', id).state).toBe('geplaatst');
  await settleBot(bot);
  return { id, ts: one('SELECT message_ts FROM noodknop_requests WHERE id = ?', id).message_ts as string };
}

/** /opvang stand as `user` sees it. */
async function stand(user = EDITOR): Promise<{ text: string; blocks: any[] }> {
  const body = (await bot.command('stand', user)).json();
  return { text: visibleText(body), blocks: body.blocks };
}

/** The broadcast as Slack holds it now (after the outbox's updates). */
const broadcast = (ts: string) => bot.fake.history.find(NOOD, ts)!;
const ephemerals = () => bot.fake.callsTo('chat.postEphemeral');

async function click(actionId: string, user: string, id: number): Promise<string> {
  const before = ephemerals().length;
  await bot.interact(buttonClick(actionId, user, { value: String(id), channel: NOOD }));
  return (await bot.fake.waitForCall('chat.postEphemeral', before + 1)).body.text as string;
}

beforeEach(async () => {
  bot = await startBot({ env: { NOODKNOP_CHANNEL: NOOD } });
  const grant = bot.deps.db.prepare(`INSERT INTO user_roles (slack_user_id, role, granted_by, granted_at) VALUES (?, ?, ?, '2022-05-01T00:00:00Z') ON CONFLICT DO NOTHING`);
  for (const u of [EDITOR, EDITOR2]) grant.run(u, 'editor', ADMIN);
  grant.run(READER, 'viewer', ADMIN);
  ommen = Number(
    bot.deps.db
      .prepare(
        `INSERT INTO locations (municipality_id, name, target_group, stage, places, occupied, created_at, created_by, updated_at, updated_by)
         VALUES ((SELECT id FROM municipalities WHERE name = 'Ommen'), 'Sporthal Ommen', 'cno', 'operationeel', 75, 0, '2022-05-24T08:00:00Z', 'UOLD1', '2022-05-24T08:00:00Z', 'UOLD1')`,
      )
      .run().lastInsertRowid,
  );
});
afterEach(async () => {
  await bot.close();
});

describe('noodknop: people a partial placement left without a place', () => {
  it('stay first in the stand until a new noodknop is opened for them, which the stand then shows instead', async () => {
    const { id, ts } = await placeTenOfTwelve();

    const before = await stand();
    expect(before.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Nu actie nodig' } });
    expect(visibleText({ blocks: [before.blocks[1]] })).toContain(`*Noodknop #${id}: 2 personen nog zonder plek (10 van 12 geplaatst)*`);
    expect(before.blocks[2]).toMatchObject({ type: 'actions', elements: [{ action_id: NOODKNOP_FOLLOW_UP_OPEN, value: String(id) }, { action_id: NOODKNOP_LEFTOVER_DISMISS, value: String(id) }] });

    // A viewer can do neither.
    expect(await click(NOODKNOP_FOLLOW_UP_OPEN, READER, id)).toContain('Hiervoor heb je de rol bewerker nodig.');
    expect(await click(NOODKNOP_LEFTOVER_DISMISS, READER, id)).toContain('Alleen wie de noodknop indrukte of een beheerder kan vastleggen dat er geen nieuwe noodknop nodig is. Er is niets opgeslagen.');
    expect(one('SELECT leftover_dismissed_at FROM noodknop_requests WHERE id = ?', id).leftover_dismissed_at).toBeNull();

    // The button in the stand opens the request form, prefilled for the two; submitted as opened.
    await bot.interact(buttonClick(NOODKNOP_FOLLOW_UP_OPEN, EDITOR2, { value: String(id), channel: NOOD }));
    const form = viewOf(await bot.fake.waitForCall('views.open'));
    expect(form.callback_id).toBe(NOODKNOP_REQUEST_VIEW);
    expect(JSON.parse(form.private_metadata)).toMatchObject({ followUpOf: id });
    const values = Object.fromEntries(form.blocks.filter((b: any) => b.type === 'input').map((b: any) => [b.block_id, initialState(b.element)]));
    expect((await bot.interact(viewSubmission(NOODKNOP_REQUEST_VIEW, EDITOR2, values, { view: form, privateMetadata: form.private_metadata }))).text).toBe('');
    await settleBot(bot);
    const followUp = one('SELECT id, persons, state, follow_up_of FROM noodknop_requests WHERE follow_up_of = ?', id);
    expect(followUp).toMatchObject({ persons: 2, state: 'open', follow_up_of: id });

    // The stand shows the new request, not the people left over any more.
    const after = await stand();
    expect(visibleText({ blocks: [after.blocks[1]] })).toContain(`*Noodknop #${followUp.id}: nog 2 plekken nodig vóór`);
    expect(after.text).not.toContain('nog zonder plek (10 van 12 geplaatst)');
    expect(JSON.stringify(after.blocks)).not.toContain(NOODKNOP_LEFTOVER_DISMISS);
    // The first broadcast names the new request instead of offering one.
    await bot.fake.waitFor(() => visibleText(broadcast(ts)).includes(`Nieuwe oproep voor hen: noodknop #${followUp.id}`));
    expect(JSON.stringify(broadcast(ts).blocks)).not.toContain(NOODKNOP_FOLLOW_UP_OPEN);

    // A second follow-up (the same form submitted again from another view, or the old thread's button) stores nothing.
    const again = await bot.interact(viewSubmission(NOODKNOP_REQUEST_VIEW, EDITOR, values, { privateMetadata: form.private_metadata }));
    expect(again.json().errors.persons).toContain(`Voor de mensen zonder plek van noodknop #${id} is al een nieuwe oproep gedaan: noodknop #${followUp.id}. Er is niets opgeslagen.`);
    expect(await click(NOODKNOP_FOLLOW_UP_OPEN, EDITOR, id)).toContain(`al een nieuwe oproep gedaan: noodknop #${followUp.id}`);
    expect(await click(NOODKNOP_LEFTOVER_DISMISS, EDITOR, id)).toContain('Er is niets veranderd.');
    expect(count('SELECT count(*) FROM noodknop_requests')).toBe(2);
  });

  it('the requester records that no new noodknop is needed (another editor may not); audited, and gone from the stand', async () => {
    const { id, ts } = await placeTenOfTwelve();

    expect(await click(NOODKNOP_LEFTOVER_DISMISS, EDITOR2, id)).toContain(`Alleen wie de noodknop indrukte of een beheerder kan vastleggen dat er geen nieuwe noodknop nodig is. Er is niets opgeslagen. Vraag het <@${EDITOR}>`);
    expect(count(`SELECT count(*) FROM audit_log WHERE action = 'noodknop.leftover_dismissed'`)).toBe(0);
    // The role is read at the click: the requester who is no longer an editor may not either.
    bot.deps.db.prepare(`UPDATE user_roles SET role = 'viewer' WHERE slack_user_id = ?`).run(EDITOR);
    expect(await click(NOODKNOP_LEFTOVER_DISMISS, EDITOR, id)).toContain('Hiervoor heb je de rol bewerker nodig.');
    expect(one('SELECT leftover_dismissed_at FROM noodknop_requests WHERE id = ?', id).leftover_dismissed_at).toBeNull();
    bot.deps.db.prepare(`UPDATE user_roles SET role = 'editor' WHERE slack_user_id = ?`).run(EDITOR);

    expect(await click(NOODKNOP_LEFTOVER_DISMISS, EDITOR, id)).toBe(
      `Vastgelegd: voor de 2 personen zonder plek van noodknop #${id} is geen nieuwe noodknop nodig. Ze staan niet meer onder "Nu actie nodig".`,
    );
    expect(one('SELECT leftover_dismissed_by AS who FROM noodknop_requests WHERE id = ?', id).who).toBe(EDITOR);
    const audit = one(`SELECT actor, before_json AS before, after_json AS after FROM audit_log WHERE action = 'noodknop.leftover_dismissed'`);
    expect(audit.actor).toBe(EDITOR);
    expect(JSON.parse(audit.after)).toMatchObject({ withoutPlace: 2, dismissed: true });

    const after = await stand();
    expect(after.text).not.toContain(`Noodknop #${id}`);
    await bot.fake.waitFor(() => visibleText(broadcast(ts)).includes(`Geen nieuwe noodknop nodig, vastgelegd door <@${EDITOR}>`));
    expect(JSON.stringify(broadcast(ts).blocks)).not.toContain(NOODKNOP_LEFTOVER_DISMISS);

    // Once dismissed, neither a new noodknop for them nor a second dismissal.
    expect(await click(NOODKNOP_FOLLOW_UP_OPEN, EDITOR2, id)).toContain(`Bij noodknop #${id} is al vastgelegd dat er geen nieuwe noodknop nodig is`);
    const crafted = await bot.interact(viewSubmission(NOODKNOP_REQUEST_VIEW, EDITOR2, { ...requestFields(), persons: text('2') }, { privateMetadata: JSON.stringify({ followUpOf: id }) }));
    expect(crafted.json().errors.persons).toContain('Er is niets opgeslagen.');
    expect(await click(NOODKNOP_LEFTOVER_DISMISS, EDITOR, id)).toContain('Er is niets veranderd.');
    expect(count(`SELECT count(*) FROM audit_log WHERE action = 'noodknop.leftover_dismissed'`)).toBe(1);
    expect(count('SELECT count(*) FROM noodknop_requests')).toBe(1);
  });

  it('leave "Nu actie nodig" a day after the placement; a follow-up of a request that was not placed partly is refused', async () => {
    const { id } = await placeTenOfTwelve();
    bot.clock.advanceMinutes(24 * 60 - 1);
    expect((await stand()).text).toContain(`Noodknop #${id}: 2 personen nog zonder plek`);
    bot.clock.advanceMinutes(2);
    expect((await stand()).text).not.toContain(`Noodknop #${id}`);

    // Crafted metadata naming an open request: nothing stored.
    expect((await bot.interact(viewSubmission(NOODKNOP_REQUEST_VIEW, EDITOR, requestFields('2022-05-27')))).text).toBe('');
    const open = one('SELECT max(id) AS id FROM noodknop_requests').id as number;
    const crafted = await bot.interact(viewSubmission(NOODKNOP_REQUEST_VIEW, EDITOR, requestFields('2022-05-27'), { privateMetadata: JSON.stringify({ followUpOf: open }) }));
    expect(crafted.json().errors.persons).toBe(`Bij noodknop #${open} is niemand meer zonder plek. Er is niets opgeslagen. Een andere nieuwe oproep doe je met \`/opvang noodknop\`.`);
    expect(count('SELECT count(*) FROM noodknop_requests WHERE follow_up_of IS NOT NULL')).toBe(0);
  });
});
