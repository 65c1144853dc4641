import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCATION_PICKER, TARGET_PICKER } from '../../src/blockkit/ids';
import { insertLocation, municipalitiesOf } from '../../src/features/capacity/capacity.store';
import { checked, date, external, selected, startBot, text, type StateValue, type TestBot } from '../support/bot';
import { blockIdOf, grantRole, openedModal, submit } from '../support/forms';
import { snapshot } from '../support/snapshot';

/**
 * Crafted and stale submissions of the capacity forms through signed HTTP: whatever the modal
 * allowed, the server checks every field with the same rules, answers a Dutch error under the
 * right input, and stores nothing (the database is read afterwards).
 */

const EDITOR = 'UEDITOR1';
let bot: TestBot;

beforeEach(async () => {
  bot = await startBot();
  grantRole(bot, EDITOR, 'editor');
  // Another region's municipality, as the national-scale dataset has them.
  bot.deps.db.prepare("INSERT INTO municipalities (region_code, name) VALUES ('VR13', 'Amsterdam')").run();
});
afterEach(async () => {
  await bot.close();
});

const municipality = (region: string, name?: string) => {
  const all = bot.deps.db.prepare('SELECT id, name FROM municipalities WHERE region_code = ? ORDER BY name').all(region) as { id: number; name: string }[];
  return String((name ? all.find((m) => m.name === name) : all[0])!.id);
};

function location(name: string, municipalityId: string, stage: 'operationeel' | 'gesloten' = 'operationeel'): number {
  const result = insertLocation(
    bot.deps.db,
    { municipalityId: Number(municipalityId), name, targetGroup: 'oekrainers', stage, places: 50, occupied: 10, opensOn: null, contact: null, note: null },
    'USEED1',
    new Date('2022-05-20T08:00:00Z'),
  );
  if (result.status !== 'created') throw new Error('not created');
  return result.location.id;
}

/** Submits `values` to `view` and expects exactly `field` to carry an error containing `message`, and nothing stored. */
async function refused(view: any, values: Record<string, StateValue>, field: string, message: string): Promise<void> {
  const before = snapshot(bot.deps.db);
  const res = (await bot.interact(submit(view, EDITOR, values))).json();
  expect(res.response_action).toBe('errors');
  expect(res.errors[blockIdOf(view, field)]).toContain(message);
  expect(snapshot(bot.deps.db)).toEqual(before);
}

describe('crafted submissions of the capacity forms', () => {
  it('/opvang locatie: too long, a municipality of another region, a group not offered, a day that does not exist, year 2999', async () => {
    const view = await openedModal(bot, 'locatie', EDITOR);
    const good = { name: text('Sporthal De Kroon'), municipality: selected(municipality('VR04', 'Zwolle')), targetGroup: selected('cno'), places: text('10'), occupied: text('0') };
    await refused(view, { ...good, name: text('x'.repeat(4000)) }, 'name', 'Maximaal 100 tekens (nu 4.000).');
    await refused(view, { ...good, municipality: selected(municipality('VR13')) }, 'municipality', 'Kies een gemeente uit de regio.');
    await refused(view, { ...good, targetGroup: selected('toeristen') }, 'targetGroup', 'Kies een doelgroep uit de lijst.');
    await refused(view, { ...good, stage: selected('gesloopt') }, 'stage', 'Kies een fase uit de lijst.');
    await refused(view, { ...good, opensOn: date('2022-02-30') }, 'opensOn', 'Die datum bestaat niet.');
    await refused(view, { ...good, opensOn: date('2999-01-01') }, 'opensOn', 'Kies een openingsdatum binnen tien jaar.');
    await refused(view, { ...good, contact: text('y'.repeat(201)) }, 'contact', 'Maximaal 200 tekens');
    await refused(view, { ...good, overbezetting: checked('altijd') }, 'overbezetting', 'Kies alleen uit de getoonde mogelijkheden.');
    expect((await bot.interact(submit(view, EDITOR, good))).text).toBe('');
  });

  it('/opvang bijwerken: another region\'s location through the picker or the form\'s metadata, an over-long note, a stage not offered', async () => {
    const ours = location('Sporthal Ommen', municipality('VR04', 'Ommen'));
    const theirs = location('Sporthal Elders', municipality('VR13'));
    const view = await openedModal(bot, 'bijwerken Sporthal Ommen', EDITOR);
    await refused(view, { [LOCATION_PICKER]: external(String(theirs)) }, LOCATION_PICKER, 'Kies een locatie uit de regio.');
    await refused(view, { note: text('n'.repeat(501)) }, 'note', 'Maximaal 500 tekens (nu 501).');
    await refused(view, { stage: selected('verbouwd') }, 'stage', 'Kies een fase uit de lijst.');
    await refused(view, { expectedPlaces: text('1.5') }, 'expectedPlaces', 'Alleen hele getallen');

    // The metadata names the other region's location: the form is not that location's.
    const before = snapshot(bot.deps.db);
    const crafted = { ...view, private_metadata: JSON.stringify({ id: theirs, version: 1 }) };
    const res = (await bot.interact(submit(crafted, EDITOR, { [LOCATION_PICKER]: external(String(theirs)) }))).json();
    expect(res.response_action).toBe('errors');
    expect(res.errors[LOCATION_PICKER]).toBe('Kies een locatie uit de regio.');
    expect(snapshot(bot.deps.db)).toEqual(before);
    expect(bot.deps.db.prepare('SELECT places, occupied, version FROM locations WHERE id = ?').get(ours)).toEqual({ places: 50, occupied: 10, version: 1 });
  });

  it('/opvang landelijk: a future peildatum, a day that does not exist, an over-long source', async () => {
    const view = await openedModal(bot, 'landelijk', EDITOR);
    const good = { asOf: date('2022-05-24'), places: text('46.091'), occupied: text('38.949') };
    await refused(view, { ...good, asOf: date('2022-05-26') }, 'asOf', 'De peildatum ligt in de toekomst.');
    await refused(view, { ...good, asOf: date('2999-05-24') }, 'asOf', 'De peildatum ligt in de toekomst.');
    await refused(view, { ...good, asOf: date('1999-05-24') }, 'asOf', 'Kies een datum tussen 1 januari 2000 en 31 december 2099.');
    await refused(view, { ...good, asOf: date('2022-02-30') }, 'asOf', 'Die datum bestaat niet.');
    await refused(view, { ...good, source: text('s'.repeat(201)) }, 'source', 'Maximaal 200 tekens');
  });

  it('/opvang doelen: a target that is not offered, a priority not offered, year 2999', async () => {
    const view = await openedModal(bot, 'doelen', EDITOR);
    const good = { [TARGET_PICKER]: selected('new'), targetGroup: selected('cno'), number: text('120'), label: text('Doel'), priority: selected('hoog') };
    await refused(view, { ...good, [TARGET_PICKER]: selected('999999') }, TARGET_PICKER, 'Dit doel bestaat niet (meer).');
    await refused(view, { ...good, priority: selected('dringend') }, 'priority', 'Kies een prioriteit uit de lijst.');
    await refused(view, { ...good, dueOn: date('2999-12-31') }, 'dueOn', 'Kies een streefdatum binnen tien jaar.');
    await refused(view, { ...good, label: text('l'.repeat(151)) }, 'label', 'Maximaal 150 tekens');
  });

  it('/opvang taakstelling: a municipality of another region, a half-year far out, a huge figure', async () => {
    const view = await openedModal(bot, 'taakstelling', EDITOR);
    const good = { municipality: selected(municipality('VR04', 'Zwolle')), halfYear: selected('2022-I'), quota: text('60'), housed: text('40'), carryKind: selected('achterstand'), carryNumber: text('5') };
    await refused(view, { ...good, municipality: selected(municipality('VR13')) }, 'municipality', 'Kies een gemeente uit de regio.');
    await refused(view, { ...good, halfYear: selected('2999-I') }, 'halfYear', 'Kies een halfjaar uit de lijst.');
    await refused(view, { ...good, halfYear: selected('2022-i') }, 'halfYear', 'Kies een halfjaar uit de lijst.');
    await refused(view, { ...good, quota: text('46091000') }, 'quota', 'Dat is meer dan 10.000.000');
    await refused(view, { ...good, carryNumber: text('-5') }, 'carryNumber', 'Mag niet negatief zijn.');
    await refused(view, { ...good, carryKind: selected('-') }, 'carryKind', 'Kies Geen, Achterstand of Voorsprong.');
  });
});

describe('municipalitiesOf', () => {
  it('is the form\'s list: only the region\'s own', () => {
    expect(municipalitiesOf(bot.deps.db, 'VR04').some((m) => String(m.id) === municipality('VR13'))).toBe(false);
  });
});
