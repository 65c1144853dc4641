import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NOODKNOP_CANCEL_OPEN, NOODKNOP_OFFER_OPEN, NOODKNOP_PLACE_OPEN } from '../../src/blockkit/ids';
import { ADMIN, buttonClick, checked, date, selected, startBot, text, time, viewOf, type StateValue, type TestBot } from '../support/bot';
import { blockIdOf, grantRole, openedModal, submit } from '../support/forms';
import { snapshot } from '../support/snapshot';

/**
 * Crafted and stale submissions of the noodknop's forms (request, offer, placement, cancel): the
 * server checks each field with the modal's rules and the locations that may be chosen now, and
 * answers a Dutch error under the right input; the database is read afterwards.
 */

const NOOD = 'C0NOOD';
const EDITOR = 'UEDITOR1';
let bot: TestBot;

beforeEach(async () => {
  bot = await startBot({ env: { NOODKNOP_CHANNEL: NOOD } });
  grantRole(bot, EDITOR, 'editor');
  bot.deps.db.prepare("INSERT INTO municipalities (region_code, name) VALUES ('VR13', 'Amsterdam')").run();
});
afterEach(async () => {
  await bot.close();
});

const db = () => bot.deps.db;
const count = (sql: string, ...params: unknown[]) => db().prepare(sql).pluck().get(...params) as number;

function location(municipality: string, name: string, stage = 'operationeel'): number {
  return Number(
    db()
      .prepare(
        `INSERT INTO locations (municipality_id, name, target_group, stage, places, occupied, created_at, created_by, updated_at, updated_by)
         VALUES ((SELECT id FROM municipalities WHERE name = ?), ?, 'cno', ?, 40, 10, '2022-05-24T08:00:00Z', 'seed', '2022-05-24T08:00:00Z', 'seed')`,
      )
      .run(municipality, name, stage).lastInsertRowid,
  );
}

async function refused(view: any, values: Record<string, StateValue>, field: string, message: string, user = EDITOR): Promise<void> {
  const before = snapshot(db());
  const res = (await bot.interact(submit(view, user, values))).json();
  expect(res.response_action).toBe('errors');
  expect(res.errors[blockIdOf(view, field)]).toContain(message);
  expect(snapshot(db())).toEqual(before);
}

async function pressed(): Promise<number> {
  const view = await openedModal(bot, 'noodknop', EDITOR);
  expect((await bot.interact(submit(view, EDITOR, { persons: text('6') }))).text).toBe('');
  return count('SELECT max(id) FROM noodknop_requests');
}

async function formFromButton(actionId: string, request: number, user = EDITOR): Promise<any> {
  const before = bot.fake.callsTo('views.open').length;
  await bot.interact(buttonClick(actionId, user, { value: String(request), channel: NOOD }));
  return viewOf(await bot.fake.waitForCall('views.open', before + 1));
}

describe('crafted submissions of the noodknop forms', () => {
  it('the request: over-long texts, a need not offered, a day that does not exist, year 2999, a time in the DST gap', async () => {
    const view = await openedModal(bot, 'noodknop', EDITOR);
    await refused(view, { persons: text('6'), origin: text('o'.repeat(201)) }, 'origin', 'Maximaal 200 tekens (nu 201).');
    await refused(view, { persons: text('6'), note: text('n'.repeat(4000)) }, 'note', 'Maximaal 1.000 tekens (nu 4.000).');
    await refused(view, { persons: text('6'), specialNeeds: checked('vliegtuig') }, 'specialNeeds', 'Onbekende bijzonderheid.');
    await refused(view, { persons: text('6'), neededDate: date('2022-02-30') }, 'neededDate', 'Die datum bestaat niet.');
    await refused(view, { persons: text('6'), neededDate: date('2999-05-26') }, 'neededDate', 'Kies een datum tussen');
    await refused(view, { persons: text('6'), neededDate: date('2022-05-27') }, 'neededDate', 'binnen 24 uur');
    await refused(view, { persons: text('10.001') }, 'persons', 'Maximaal 10.000.');

    // The night the clock goes forward: 02:30 does not exist.
    bot.clock.set('2022-03-26T09:00:00+01:00');
    const spring = await openedModal(bot, 'noodknop', EDITOR);
    await refused(spring, { persons: text('6'), neededDate: date('2022-03-27'), neededTime: time('02:30') }, 'neededTime', '02:30 bestaat niet op deze dag');
    expect(count('SELECT count(*) FROM noodknop_requests')).toBe(0);
  });

  it('an offer: another region’s location, a location in the wrong stage, one that does not exist, over-long texts', async () => {
    const ours = location('Ommen', 'Sporthal Ommen');
    const preparing = location('Dalfsen', 'Paviljoen Dalfsen', 'in_voorbereiding');
    const theirs = location('Amsterdam', 'Hal Amsterdam');
    const request = await pressed();
    const view = await formFromButton(NOODKNOP_OFFER_OPEN, request);
    const values = (where: number | string, extra: Record<string, StateValue> = {}) => ({ location: selected(String(where)), places: text('3'), ...extra });
    await refused(view, values(theirs), 'location', 'hoort niet bij de regio');
    await refused(view, values(preparing), 'location', 'Paviljoen Dalfsen is niet operationeel');
    await refused(view, values(999_999), 'location', 'bestaat niet (meer)');
    await refused(view, values('other', { otherLocation: text('g'.repeat(151)) }), 'otherLocation', 'Maximaal 150 tekens');
    await refused(view, values(ours, { note: text('n'.repeat(501)) }), 'note', 'Maximaal 500 tekens');
    await refused(view, values(ours, { overCapacity: checked('altijd') }), 'overCapacity', 'Kies alleen uit de getoonde mogelijkheden.');
    await refused(view, values(ours, { places: text('0') }), 'places', 'Minimaal 1.');
    expect(count('SELECT count(*) FROM noodknop_offers')).toBe(0);
    expect((await bot.interact(submit(view, EDITOR, values(ours)))).text).toBe('');
  });

  it('the placement: more than an offer held, and a field the form never had', async () => {
    const ours = location('Ommen', 'Sporthal Ommen');
    const request = await pressed();
    const offerForm = await formFromButton(NOODKNOP_OFFER_OPEN, request, ADMIN);
    expect((await bot.interact(submit(offerForm, ADMIN, { location: selected(String(ours)), places: text('4') }))).text).toBe('');
    const offerId = count('SELECT max(id) FROM noodknop_offers');
    const view = await formFromButton(NOODKNOP_PLACE_OPEN, request);
    await refused(view, { [`used_${offerId}`]: text('5') }, `used_${offerId}`, 'Dit aanbod was 4 plekken; meer kan niet.');
    await refused(view, { [`used_${offerId}`]: text('1,5') }, `used_${offerId}`, 'Alleen hele getallen');
    // A crafted field for an offer that is not in the form stores nothing either.
    const before = snapshot(db());
    const res = (await bot.interact(submit(view, EDITOR, { [`used_${offerId}`]: text('0') }))).json();
    expect(res.errors[`used_${offerId}`]).toContain('Vul bij minstens één aanbod in');
    expect(snapshot(db())).toEqual(before);
    expect(count('SELECT occupied FROM locations WHERE id = ?', ours)).toBe(10);
  });

  it('the cancellation: a reason longer than the form takes, or only spaces', async () => {
    const request = await pressed();
    const view = await formFromButton(NOODKNOP_CANCEL_OPEN, request);
    await refused(view, { reason: text('r'.repeat(501)) }, 'reason', 'Maximaal 500 tekens (nu 501).');
    await refused(view, { reason: text('   ') }, 'reason', 'Schrijf waarom de oproep vervalt.');
    expect(db().prepare('SELECT state FROM noodknop_requests WHERE id = ?').pluck().get(request)).toBe('open');
  });
});
