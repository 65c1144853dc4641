import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROSTER_PERIOD_EDIT } from '../../src/blockkit/ids';
import { insertLocation, municipalitiesOf } from '../../src/features/capacity/capacity.store';
import { updateLocation } from '../../src/features/capacity/figures.write';
import { ADMIN, buttonClick, checked, date, multi, selected, startBot, text, time, user, viewOf, type StateValue, type TestBot } from '../support/bot';
import { blockIdOf, grantRole, openedModal, submit } from '../support/forms';
import { snapshot } from '../support/snapshot';

/**
 * Crafted and stale submissions of the roster forms (period, import, shift, pattern, outflow):
 * each field is checked on the server with the modal's own rules (the conformance run found
 * dates checked by regex only, texts unchecked and a 4000-character role answered "Vul een rol
 * in."). Every refusal names the field, in Dutch, and nothing is stored.
 */

let bot: TestBot;
beforeEach(async () => {
  bot = await startBot();
});
afterEach(async () => {
  await bot.close();
});

async function refused(view: any, values: Record<string, StateValue>, field: string, message: string, submitter = ADMIN): Promise<void> {
  const before = snapshot(bot.deps.db);
  const res = (await bot.interact(submit(view, submitter, values))).json();
  expect(res.response_action).toBe('errors');
  expect(res.errors[blockIdOf(view, field)]).toContain(message);
  expect(snapshot(bot.deps.db)).toEqual(before);
}

describe('crafted submissions of the roster forms', () => {
  it('periode: a day that does not exist, year 2999, end before start, a region not offered, an over-long note', async () => {
    const view = await openedModal(bot, 'rooster periode');
    const good = { regions: multi('VR04'), from: date('2022-06-29'), through: date('2022-07-12'), places: text('150') };
    await refused(view, { ...good, from: date('2022-02-30') }, 'from', 'Die datum bestaat niet.');
    await refused(view, { ...good, through: date('2999-07-12') }, 'through', 'Kies een datum binnen vijf jaar.');
    await refused(view, { ...good, through: date('2022-06-01') }, 'through', 'De laatste dag ligt vóór de eerste dag.');
    await refused(view, { ...good, regions: multi('VR04', 'VR99') }, 'regions', 'Kies alleen regio’s uit de lijst.');
    await refused(view, { ...good, regions: multi() }, 'regions', 'Kies minstens één regio.');
    await refused(view, { ...good, note: text('n'.repeat(301)) }, 'note', 'Maximaal 300 tekens (nu 301).');
    await refused(view, { ...good, places: text('0') }, 'places', 'Plekken moet een positief geheel getal zijn.');
    expect((await bot.interact(submit(view, ADMIN, good))).json().response_action).toBe('update');
  });

  it('periode (wijzigen): the delete box with a value not offered', async () => {
    const id = bot.deps.db.prepare(`SELECT period_id FROM cno_duty_period_regions WHERE region_code = 'VR19'`).pluck().get() as number;
    await bot.interact({
      ...buttonClick(ROSTER_PERIOD_EDIT, ADMIN),
      actions: [{ type: 'static_select', action_id: ROSTER_PERIOD_EDIT, block_id: 'roster_admin', selected_option: { value: String(id), text: { type: 'plain_text', text: 'x' } }, action_ts: '1.2' }],
    });
    const view = viewOf(await bot.fake.waitForCall('views.open'));
    await refused(view, { delete: checked('alles') }, 'delete', 'Kies alleen uit de getoonde mogelijkheden.');
  });

  it('import: a period in the year 2999 and a text longer than the modal takes', async () => {
    const view = await openedModal(bot, 'rooster import');
    await refused(view, { csv: text('29-6-2999;12-7-2999;IJsselland;150') }, 'csv', 'regel 1: data buiten 1 januari 2000 – ');
    await refused(view, { csv: text(`29-6-2022;12-7-2022;IJsselland;150;${'x'.repeat(3000)}`) }, 'csv', 'Maximaal 3.000 tekens');
  });

  it('dienst: a DST-gap time, end before start, a 4000-character role, an unknown person, an organisation not offered', async () => {
    const view = await openedModal(bot, 'rooster dienst');
    const good = { date: date('2022-06-13'), start: time('07:00'), end: time('15:00'), organisation: selected('COA'), role: text('Begeleider') };
    await refused(view, { ...good, date: date('2022-03-27'), start: time('02:30'), end: time('07:00') }, 'start', '02:30 bestaat niet op deze dag');
    await refused(view, { ...good, start: time('15:00'), end: time('07:00') }, 'end', 'Vink "eindigt de volgende dag" aan');
    await refused(view, { ...good, role: text('r'.repeat(4000)) }, 'role', 'Maximaal 100 tekens (nu 4.000).');
    await refused(view, { ...good, role: text('   ') }, 'role', 'Vul een rol in.');
    await refused(view, { ...good, person: user('<!channel>') }, 'person', 'Kies een persoon.');
    await refused(view, { ...good, person_name: text('p'.repeat(101)) }, 'person_name', 'Maximaal 100 tekens');
    await refused(view, { ...good, organisation: selected('NAVO') }, 'organisation', 'Kies een organisatie uit de lijst.');
    await refused(view, { ...good, date: date('2022-02-30') }, 'date', 'Die datum bestaat niet.');
    await refused(view, { ...good, start: time('7 uur') }, 'start', 'Geen tijd');
    await refused(view, { ...good, next_day: checked('misschien') }, 'next_day', 'Kies alleen uit de getoonde mogelijkheden.');
    // 02:30 on the night the clock goes back happens twice: the first one (summer time) is meant.
    const repeated = (await bot.interact(submit(view, ADMIN, { ...good, date: date('2022-10-30'), start: time('02:30'), end: time('07:00') }))).json();
    expect(repeated.response_action).toBe('update');
    expect(bot.deps.db.prepare('SELECT starts_at FROM shifts').pluck().get()).toBe('2022-10-30T00:30:00.000Z');
  });

  it('patroon: slots longer than the modal takes, year 2999, end before start', async () => {
    const view = await openedModal(bot, 'rooster patroon');
    const good = { from: date('2022-06-13'), through: date('2022-06-14'), slots: text('07-15'), per_slot: text('1'), organisation: selected('COA'), role: text('Begeleider') };
    await refused(view, { ...good, slots: text('07-15, '.repeat(100)) }, 'slots', 'Maximaal 500 tekens');
    await refused(view, { ...good, slots: text('07-15, 15-25') }, 'slots', '"15-25" is geen tijdvak');
    await refused(view, { ...good, through: date('2999-06-14') }, 'through', 'Kies een datum binnen vijf jaar.');
    await refused(view, { ...good, through: date('2022-06-12') }, 'through', 'De laatste dag ligt vóór de eerste dag.');
    await refused(view, { ...good, per_slot: text('11') }, 'per_slot', 'Geef een aantal van 1 tot 10.');
    await refused(view, { ...good, role: text('r'.repeat(4000)) }, 'role', 'Maximaal 100 tekens');
  });

  it('uitstroom: a group that is not offered and an over-long destination', async () => {
    const municipalityId = municipalitiesOf(bot.deps.db, 'VR04')[0]!.id;
    const created = insertLocation(bot.deps.db, { municipalityId, name: 'CNO Test', targetGroup: 'cno', stage: 'operationeel', places: 100, occupied: 0, opensOn: null, contact: null, note: null }, 'U1', new Date('2022-05-20T08:00:00Z'));
    if (created.status !== 'created') throw new Error('not created');
    updateLocation(bot.deps.db, { id: created.location.id, patch: { occupied: 12 }, actor: 'U1', at: new Date('2022-05-21T08:00:00Z') });
    grantRole(bot, 'UEDITOR1', 'editor');
    const view = await openedModal(bot, 'rooster uitstroom', 'UEDITOR1');
    const stay = String(bot.deps.db.prepare('SELECT max(id) FROM cno_stays').pluck().get());
    await refused(view, { stay: selected('424242'), destination: text('AZC') }, 'stay', 'Deze groep verblijft niet (meer) in een CNO-locatie.', 'UEDITOR1');
    await refused(view, { stay: selected(stay), destination: text('d'.repeat(201)) }, 'destination', 'Maximaal 200 tekens', 'UEDITOR1');
    await refused(view, { stay: selected(stay), destination: text(' ') }, 'destination', 'Vul de uitstroombestemming in.', 'UEDITOR1');
  });
});
